package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.queue.dispatch.QueueDispatcher;
import io.ruleworks.application.port.out.queue.ExecutionClaims;
import io.ruleworks.application.port.out.queue.WorkSignal;
import io.ruleworks.domain.execution.ExecutionFailureCodes;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
class AbandonedExecutionEngineTest extends EngineTestBase {

    private static final int MAX_LEASE_LOSSES = 3;
    private static final Duration LEASE = Duration.ofSeconds(1);

    @Inject
    ExecutionClaims claims;
    @Inject
    WorkSignal signal;

    @Override
    protected Map<String, String> settings() {
        return NO_WORKERS;
    }

    @Test
    void a_run_that_always_loses_its_lease_is_abandoned_after_max_lease_losses_runs_and_its_rule_can_be_deleted()
            throws InterruptedException {
        String rule = create(http, manualRule("crashing", List.of(webhook(1, "https://example.com/never"))));
        String execution = started(rule, Map.of());

        AtomicInteger runs = new AtomicInteger();
        QueueDispatcher dispatcher = new QueueDispatcher(claims, signal, claim -> {
            runs.incrementAndGet();
            throw new IllegalStateException("the worker crashes on this execution every time");
        }, 4, 4, LEASE, Duration.ofMillis(200), Duration.ofMillis(300), Duration.ZERO, MAX_LEASE_LOSSES,
                Duration.ofMinutes(10));
        dispatcher.start();
        try {
            Map<String, Object> ended = await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get(EXECUTIONS + "/" + execution).data(),
                            data -> "failed".equals(data.get("status")));

            assertThat((String) ended.get("error_stack")).startsWith(ExecutionFailureCodes.EXECUTION_ABANDONED
                    + ": the worker lease expired 3 times");
            // two more lease periods: nobody runs it again
            await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(3))
                    .untilAsserted(() -> assertThat(runs).hasValue(MAX_LEASE_LOSSES));
            assertThat(http.delete(RULES + "/" + rule).status()).isEqualTo(204);
        } finally {
            dispatcher.stop();
        }
    }
}
