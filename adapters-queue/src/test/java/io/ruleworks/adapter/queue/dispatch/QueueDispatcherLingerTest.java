package io.ruleworks.adapter.queue.dispatch;

import io.ruleworks.application.port.in.execution.RunExecutionUseCase;
import io.ruleworks.application.port.out.queue.ExecutionClaims;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.queue.WorkSignal;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The claim linger: after a claim that emptied the queue, the next claim gathers what arrived meanwhile. */
class QueueDispatcherLingerTest {

    private static final TenantId TENANT = new TenantId(UUID.randomUUID());

    /** A queue of due executions; records the size of every non-empty claim. */
    private static final class FakeClaims implements ExecutionClaims {
        private final List<Claim> due = new ArrayList<>();
        final List<Integer> claimSizes = new CopyOnWriteArrayList<>();

        synchronized void add(int n) {
            for (int i = 0; i < n; i++) {
                due.add(new Claim(TENANT, new ExecutionId(UUID.randomUUID()), "w"));
            }
        }

        @Override
        public synchronized List<Claim> claim(String worker, int max, Duration lease) {
            List<Claim> taken = new ArrayList<>(due.subList(0, Math.min(max, due.size())));
            due.subList(0, taken.size()).clear();
            if (!taken.isEmpty()) {
                claimSizes.add(taken.size());
            }
            return taken;
        }

        @Override
        public boolean heartbeat(Claim claim, Duration lease) {
            return true;
        }

        @Override
        public int rescueExpiredLeases(int maxLeaseLosses, Duration expiredFor) {
            return 0;
        }

        @Override
        public boolean release(Claim claim) {
            return false;
        }
    }

    private static final class FakeSignal implements WorkSignal {
        private final Semaphore wakeUps = new Semaphore(0);

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            return wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void reset() {
            wakeUps.drainPermits();
        }

        @Override
        public void wakeLocal() {
            wakeUps.release();
        }

        @Override
        public void broadcast() {
        }
    }

    /** Queues one execution, then five more one by one 50 ms apart; returns the sizes of the claims that took them. */
    private static List<Integer> claimsOfAStream(Duration linger) throws Exception {
        FakeClaims claims = new FakeClaims();
        FakeSignal signal = new FakeSignal();
        CountDownLatch ran = new CountDownLatch(6);
        RunExecutionUseCase runner = claim -> ran.countDown();
        QueueDispatcher dispatcher = new QueueDispatcher(claims, signal, runner, 32, 16, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(60), linger, 3, Duration.ofMinutes(10));
        dispatcher.start();
        try {
            claims.add(1);
            signal.wakeLocal();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(50);
                claims.add(1);
                signal.wakeLocal();
            }
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            return claims.claimSizes;
        } finally {
            dispatcher.stop();
        }
    }

    @Test
    void with_a_linger_the_executions_arriving_meanwhile_are_claimed_together() throws Exception {
        List<Integer> sizes = claimsOfAStream(Duration.ofSeconds(1));

        // the first arrives alone (or with the next, should the dispatcher be slow); the rest wait out the linger
        assertThat(sizes).hasSizeLessThanOrEqualTo(2);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    }

    @Test
    void without_a_linger_each_execution_is_claimed_as_it_arrives() throws Exception {
        List<Integer> sizes = claimsOfAStream(Duration.ZERO);

        assertThat(sizes).hasSizeGreaterThan(2);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    }
}
