package io.ruleworks.bootstrap.engine;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.domain.access.Permission;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker process killed with SIGKILL in the middle of an action: its lease expires, another
 * worker process requeues and completes the execution, and the HTTP peer sees the same
 * idempotency key again, so it can deduplicate.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerCrashTest implements TestPropertyProvider {

    private final TestDatabase database = TestDatabase.create();
    private final ServiceProcesses workers = new ServiceProcesses(database);

    @Inject
    EmbeddedServer server;
    @Inject
    IssueApiKeyUseCase keys;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(database.properties());
        // this context serves the API only; the workers are separate processes
        properties.put("ruleworks.queue.workers.enabled", "false");
        return properties;
    }

    private Process startWorker(String name) throws IOException {
        return workers.start(name, Map.of("RULEWORKS_QUEUE_LEASE", "2s", "RULEWORKS_QUEUE_RESCUE_INTERVAL", "500ms",
                "RULEWORKS_QUEUE_POLL_INTERVAL", "200ms", "RULEWORKS_OUTBOUND_ALLOW", "127.0.0.1/32"));
    }

    @AfterAll
    void stopWorkers() {
        workers.close();
    }

    @Test
    void a_killed_workers_execution_is_rescued_and_completed_by_another_worker() throws Exception {
        try (RecordingSink sink = new RecordingSink()) {
            var issued = keys.issue(new IssueApiKeyCommand(Optional.empty(), EnumSet.allOf(Permission.class),
                    Optional.empty(), Optional.empty()));
            EngineHttp http = new EngineHttp(server.getURI(), issued.apiKey(), json);
            sink.delay(Duration.ofSeconds(60));
            EngineHttp.Answer rule = http.post("/api/v1/automation/rules", Map.of("name", "crash", "status", "active",
                    "trigger_type", "manual", "trigger_config", Map.of(), "actions", List.of(Map.of(
                            "type", "webhook_call", "order", 1, "config", Map.of("url", sink.url("/crash"))))));
            String ruleId = (String) rule.data().get("rule_id");
            String execution = (String) http.post("/api/v1/automation/rules/" + ruleId + "/execute",
                    Map.of("automation_rule_id", ruleId)).data().get("execution_id");

            Process first = startWorker("first");
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.receivedOn("/crash").size() == 1);
            first.destroyForcibly().waitFor();
            sink.delay(Duration.ZERO);
            startWorker("second");

            Map<String, Object> done = await().atMost(Duration.ofSeconds(60))
                    .until(() -> http.get("/api/v1/automation/executions/" + execution).data(),
                            data -> "completed".equals(data.get("status")));
            assertThat(done.get("actions_successful")).isEqualTo(1);
            assertThat(String.valueOf(done.get("logs"))).contains("lease expired");
            List<RecordingSink.Received> calls = sink.receivedOn("/crash");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(1).idempotencyKey()).isEqualTo(calls.get(0).idempotencyKey())
                    .isEqualTo(execution + ":0:0:1");
        }
    }

}
