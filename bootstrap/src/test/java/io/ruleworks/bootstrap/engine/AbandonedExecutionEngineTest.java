package io.ruleworks.bootstrap.engine;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.adapter.queue.QueueDispatcher;
import io.ruleworks.application.port.in.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.application.port.out.ExecutionClaims;
import io.ruleworks.application.port.out.WorkSignal;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.ExecutionFailureCodes;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, the poison-execution guard end to end: a worker that loses its lease on every run (it
 * crashes) is given the execution exactly max-lease-losses times by the dispatcher and the rescue
 * against PostgreSQL; then the execution is failed as EXECUTION_ABANDONED and its rule can be
 * deleted. The service's own dispatcher is off; the test runs one with the crashing worker.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbandonedExecutionEngineTest implements TestPropertyProvider {

    private static final int MAX_LEASE_LOSSES = 3;
    private static final Duration LEASE = Duration.ofSeconds(1);

    @Inject
    EmbeddedServer server;
    @Inject
    IssueApiKeyUseCase keys;
    @Inject
    JsonMapper json;
    @Inject
    ExecutionClaims claims;
    @Inject
    WorkSignal signal;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.create().properties());
        properties.put("ruleworks.queue.workers.enabled", "false");
        return properties;
    }

    @Test
    void a_run_that_always_loses_its_lease_is_abandoned_after_max_lease_losses_runs_and_its_rule_can_be_deleted()
            throws InterruptedException {
        var issued = keys.issue(new IssueApiKeyCommand(Optional.empty(), EnumSet.allOf(Permission.class),
                Optional.empty(), Optional.empty()));
        EngineHttp http = new EngineHttp(server.getURI(), issued.apiKey(), json);
        EngineHttp.Answer created = http.post("/api/v1/automation/rules", Map.of("name", "crashing", "status",
                "active", "trigger_type", "manual", "trigger_config", Map.of(), "actions", List.of(Map.of(
                        "type", "webhook_call", "order", 1, "config", Map.of("url", "https://example.com/never")))));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String rule = (String) created.data().get("rule_id");
        EngineHttp.Answer started = http.post("/api/v1/automation/rules/" + rule + "/execute",
                Map.of("automation_rule_id", rule));
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
        String execution = (String) started.data().get("execution_id");

        AtomicInteger runs = new AtomicInteger();
        QueueDispatcher dispatcher = new QueueDispatcher(claims, signal, claim -> {
            runs.incrementAndGet();
            throw new IllegalStateException("the worker crashes on this execution every time");
        }, 4, 4, LEASE, Duration.ofMillis(200), Duration.ofMillis(300), Duration.ZERO, MAX_LEASE_LOSSES,
                Duration.ofMinutes(10));
        dispatcher.start();
        try {
            Map<String, Object> ended = await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get("/api/v1/automation/executions/" + execution).data(),
                            data -> "failed".equals(data.get("status")));

            assertThat((String) ended.get("error_stack")).startsWith(ExecutionFailureCodes.EXECUTION_ABANDONED
                    + ": the worker lease expired 3 times");
            assertThat(runs).hasValue(MAX_LEASE_LOSSES);
            Thread.sleep(LEASE.multipliedBy(2).toMillis());
            assertThat(runs).hasValue(MAX_LEASE_LOSSES);
            assertThat(http.delete("/api/v1/automation/rules/" + rule).status()).isEqualTo(204);
        } finally {
            dispatcher.stop();
        }
    }
}
