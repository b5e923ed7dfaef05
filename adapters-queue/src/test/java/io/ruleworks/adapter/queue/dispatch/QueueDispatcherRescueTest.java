package io.ruleworks.adapter.queue.dispatch;

import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.out.queue.ExecutionClaims;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.queue.WorkSignal;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher's rescue: it passes the poison guard's limit on, takes only long-expired leases
 * for a lease after an outage but never stops rescuing, and a graceful stop returns the running
 * executions to the queue.
 */
class QueueDispatcherRescueTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RESCUE_INTERVAL = Duration.ofMillis(100);
    private static final Duration WINDOW = Duration.ofSeconds(1);

    private record Rescue(int maxLeaseLosses, Duration expiredFor) {
    }

    /**
     * Hands out {@code toClaim} once; records each rescue that reached the database (the limit and
     * grace it was given) and each release; fails rescues while "unreachable" and claims while
     * "claimsUnreachable".
     */
    private static final class RecordingClaims implements ExecutionClaims {
        final List<Rescue> rescues = new CopyOnWriteArrayList<>();
        final List<Claim> released = new CopyOnWriteArrayList<>();
        final AtomicBoolean unreachable = new AtomicBoolean();
        final AtomicBoolean claimsUnreachable = new AtomicBoolean();
        final List<Claim> toClaim = new CopyOnWriteArrayList<>();

        @Override
        public List<Claim> claim(String worker, int max, Duration lease) {
            if (claimsUnreachable.get()) {
                throw new DependencyUnavailableException("database", new IllegalStateException("pool timeout"));
            }
            List<Claim> taken = List.copyOf(toClaim);
            toClaim.clear();
            return taken;
        }

        @Override
        public boolean heartbeat(Claim claim, Duration lease) {
            return true;
        }

        @Override
        public int rescueExpiredLeases(int maxLeaseLosses, Duration expiredFor) {
            if (unreachable.get()) {
                throw new DependencyUnavailableException("database", new IllegalStateException("Connection refused"));
            }
            rescues.add(new Rescue(maxLeaseLosses, expiredFor));
            return 0;
        }

        @Override
        public boolean release(Claim claim) {
            released.add(claim);
            return true;
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
    void after_the_database_was_unreachable_the_rescue_takes_only_leases_expired_a_lease_ago_for_a_lease()
            throws InterruptedException {
        RecordingClaims claims = new RecordingClaims();
        QueueDispatcher dispatcher = new QueueDispatcher(claims, IDLE, claim -> { }, 4, 4, LEASE,
                Duration.ofMillis(200), RESCUE_INTERVAL, Duration.ZERO, 5, WINDOW);
        dispatcher.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !claims.rescues.isEmpty());
            assertThat(claims.rescues).containsOnly(new Rescue(5, Duration.ZERO));

            claims.unreachable.set(true);
            Thread.sleep(RESCUE_INTERVAL.toMillis() * 3);
            claims.unreachable.set(false);
            int atRecovery = claims.rescues.size();

            // held off: rescuing, but only leases expired a lease before the trouble began
            await().atMost(LEASE).until(() -> claims.rescues.size() > atRecovery);
            assertThat(claims.rescues.get(atRecovery).expiredFor()).isGreaterThan(LEASE)
                    .isLessThanOrEqualTo(LEASE.plus(WINDOW));
            // and then every expired lease again
            await().atMost(LEASE.multipliedBy(2)).until(() -> claims.rescues.getLast().equals(new Rescue(5, Duration.ZERO)));
        } finally {
            dispatcher.stop();
        }
    }

    @Test
    void database_trouble_seen_all_the_time_never_stops_the_rescue() throws InterruptedException {
        RecordingClaims claims = new RecordingClaims();
        claims.claimsUnreachable.set(true); // e.g. pool-acquire timeouts under load, every poll
        QueueDispatcher dispatcher = new QueueDispatcher(claims, IDLE, claim -> { }, 4, 4, LEASE,
                Duration.ofMillis(100), RESCUE_INTERVAL, Duration.ZERO, 5, WINDOW);
        dispatcher.start();
        try {
            // the rescue still runs, and the grace it gives stops growing at the save retry window
            // plus a lease: a killed instance's leases are rescued that long after they expired at most
            await().atMost(LEASE.multipliedBy(3)).until(() -> claims.rescues.size() >= 3
                    && claims.rescues.getLast().expiredFor().equals(LEASE.plus(WINDOW)));
            assertThat(claims.rescues).allSatisfy(r -> assertThat(r.expiredFor()).isGreaterThanOrEqualTo(LEASE)
                    .isLessThanOrEqualTo(LEASE.plus(WINDOW)));
        } finally {
            dispatcher.stop();
        }
    }

    @Test
    void a_graceful_stop_returns_the_executions_still_running_here_to_the_queue() throws InterruptedException {
        RecordingClaims claims = new RecordingClaims();
        Claim claim = new Claim(new TenantId(UUID.randomUUID()), new ExecutionId(UUID.randomUUID()), "w");
        claims.toClaim.add(claim);
        CountDownLatch running = new CountDownLatch(1);
        QueueDispatcher dispatcher = new QueueDispatcher(claims, IDLE, c -> {
            running.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5)); // a long action, interrupted by the stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 4, 4, LEASE, Duration.ofMillis(100), Duration.ofMinutes(1), Duration.ZERO, 5, WINDOW);
        dispatcher.start();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        dispatcher.stop();

        assertThat(claims.released).containsExactly(claim);
    }
}
