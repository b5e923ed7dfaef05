package io.ruleworks.adapter.queue;

import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.out.ExecutionClaims;
import io.ruleworks.application.port.out.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.WorkSignal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dispatcher's rescue: it passes the poison guard's limit on, and holds off for a lease after an outage. */
class QueueDispatcherRescueTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RESCUE_INTERVAL = Duration.ofMillis(100);

    /** Nothing to claim; records each rescue (the limit it was given) and fails while "unreachable". */
    private static final class RecordingClaims implements ExecutionClaims {
        final List<Integer> rescues = new CopyOnWriteArrayList<>();
        final AtomicBoolean unreachable = new AtomicBoolean();

        @Override
        public List<Claim> claim(String worker, int max, Duration lease) {
            return List.of();
        }

        @Override
        public boolean heartbeat(Claim claim, Duration lease) {
            return true;
        }

        @Override
        public int rescueExpiredLeases(int maxLeaseLosses) {
            rescues.add(maxLeaseLosses);
            if (unreachable.get()) {
                throw new DependencyUnavailableException("database", new IllegalStateException("Connection refused"));
            }
            return 0;
        }
    }

    private static final WorkSignal IDLE = new WorkSignal() {
        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(timeout.toMillis());
            return false;
        }

        @Override
        public void reset() {
        }

        @Override
        public void wakeLocal() {
        }

        @Override
        public void broadcast() {
        }
    };

    @Test
    void after_the_database_was_unreachable_the_rescue_waits_a_lease_so_live_workers_renew_theirs_first()
            throws InterruptedException {
        RecordingClaims claims = new RecordingClaims();
        QueueDispatcher dispatcher = new QueueDispatcher(claims, IDLE, claim -> { }, 4, 4, LEASE,
                Duration.ofMillis(200), RESCUE_INTERVAL, Duration.ZERO, 5);
        dispatcher.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !claims.rescues.isEmpty());
            assertThat(claims.rescues).containsOnly(5);

            claims.unreachable.set(true);
            int before = claims.rescues.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> claims.rescues.size() > before);
            claims.unreachable.set(false);
            int atRecovery = claims.rescues.size();

            // held off: no rescue for most of a lease after the failure
            await().during(LEASE.minusMillis(700)).atMost(LEASE).until(() -> claims.rescues.size() == atRecovery);
            // and then rescuing again
            await().atMost(LEASE.multipliedBy(2)).until(() -> claims.rescues.size() > atRecovery);
        } finally {
            dispatcher.stop();
        }
    }
}
