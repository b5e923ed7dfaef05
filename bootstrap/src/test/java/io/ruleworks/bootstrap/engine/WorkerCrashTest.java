package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker process killed with SIGKILL in the middle of an action: its lease expires, another
 * worker process requeues and completes the execution, and the HTTP peer sees the same
 * idempotency key again, so it can deduplicate.
 */
@MicronautTest(transactional = false)
class WorkerCrashTest extends EngineTestBase {

    private final ServiceProcesses workers = new ServiceProcesses(database);

    @Override
    protected Map<String, String> settings() {
        return NO_WORKERS; // this context serves the API only; the workers are separate processes
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
            sink.delay(Duration.ofSeconds(60));
            String ruleId = create(http, manualRule("crash", List.of(webhook(1, sink.url("/crash")))));
            String execution = started(ruleId, Map.of());

            Process first = startWorker("first");
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.receivedOn("/crash").size() == 1);
            first.destroyForcibly().waitFor();
            sink.delay(Duration.ZERO);
            startWorker("second");

            Map<String, Object> done = await().atMost(Duration.ofSeconds(60))
                    .until(() -> http.get(EXECUTIONS + "/" + execution).data(),
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
