package io.ruleworks.adapter.queue.dispatch;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.execution.RunExecutionUseCase;
import io.ruleworks.application.port.out.queue.ExecutionClaims;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.application.port.out.queue.WorkSignal;
import io.ruleworks.domain.execution.ExecutionId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The default queue: dispatches executions from the PostgreSQL table (ADR 0003). One dispatcher
 * thread claims due executions in batches, up to the configured concurrency, and runs each on a
 * virtual thread; it sleeps on the LISTEN/NOTIFY signal when there is nothing to do (with a
 * safety poll). A maintenance thread renews the leases of running executions — interrupting any
 * whose lease was lost, e.g. cancelled — and returns expired leases of crashed workers to the
 * queue, failing an execution whose lease expired {@code max-lease-losses} times instead (the
 * poison-execution guard, docs/reliability.md).
 *
 * <p>After this instance saw the database unreachable, for one lease period from the last failure
 * the rescue takes only leases that expired a lease before that trouble began (the grace passed to
 * the rescue's SQL is a lease plus the time since the trouble began): every lease may have expired
 * during an outage, and the workers that are still alive (retrying their saves) need a lease
 * period with the database back for their heartbeats to renew their leases first, or their
 * executions would be taken from them and run again. The rescue itself is never skipped and the
 * grace never exceeds {@code ruleworks.engine.save-retry-window} (after which a live worker gives
 * its save up anyway) plus a lease, so failures seen all the time (pool timeouts under load)
 * delay the rescue of a killed instance's leases by that much at most, never indefinitely.
 *
 * <p>A graceful stop returns the executions still running here to the queue without counting a
 * lost lease ({@link ExecutionClaims#release}); only a crash or kill -9 leaves leases to expire.
 */
@Context
@Requires(property = "ruleworks.queue.workers.enabled", notEquals = "false")
public class QueueDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDispatcher.class);

    private final ExecutionClaims claims;
    private final WorkSignal signal;
    private final RunExecutionUseCase runner;
    private final int concurrency;
    private final int batchSize;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration rescueInterval;
    private final Duration claimLinger;
    private final int maxLeaseLosses;
    private final String worker;
    private final Semaphore slots;
    private final Map<ExecutionId, InFlight> inFlight = new ConcurrentHashMap<>();

    private record InFlight(Claim claim, Future<?> future) {
    }
    private final ExecutorService executions = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("execution-", 0).factory());
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queue-maintenance").daemon().factory());
    private volatile boolean running;
    private Thread dispatcher;
    /** System.nanoTime() of the last time the database could not be reached, if ever. */
    private volatile long databaseTroubleAt;
    private volatile boolean databaseTroubleSeen;
    /** System.nanoTime() when the current trouble began (no gap of a lease or more since). */
    private volatile long databaseTroubleSince;
    private final Duration maxRescueGrace;

    public QueueDispatcher(ExecutionClaims claims, WorkSignal signal, RunExecutionUseCase runner,
                           @Value("${ruleworks.queue.concurrency:32}") int concurrency,
                           @Value("${ruleworks.queue.batch-size:16}") int batchSize,
                           @Value("${ruleworks.queue.lease:30s}") Duration lease,
                           @Value("${ruleworks.queue.poll-interval:1s}") Duration pollInterval,
                           @Value("${ruleworks.queue.rescue-interval:5s}") Duration rescueInterval,
                           @Value("${ruleworks.queue.claim-linger:0ms}") Duration claimLinger,
                           @Value("${ruleworks.queue.max-lease-losses:3}") int maxLeaseLosses,
                           @Value("${ruleworks.engine.save-retry-window:10m}") Duration saveRetryWindow) {
        this.claims = claims;
        this.signal = signal;
        this.runner = runner;
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.rescueInterval = rescueInterval;
        this.claimLinger = claimLinger;
        if (maxLeaseLosses < 1) {
            throw new IllegalArgumentException("ruleworks.queue.max-lease-losses must be at least 1");
        }
        this.maxLeaseLosses = maxLeaseLosses;
        this.maxRescueGrace = saveRetryWindow.plus(lease);
        this.slots = new Semaphore(concurrency);
        this.worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @PostConstruct
    public void start() {
        running = true;
        dispatcher = Thread.ofPlatform().name("queue-dispatcher").daemon().start(this::dispatchLoop);
        long heartbeatMs = Math.max(100, lease.toMillis() / 3);
        maintenance.scheduleWithFixedDelay(this::renewLeases, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::rescue, rescueInterval.toMillis(), rescueInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Queue dispatcher {} started: concurrency {}, batch {}, lease {}", worker, concurrency, batchSize, lease);
    }

    private void dispatchLoop() {
        while (running) {
            try {
                slots.acquire();
                int free = slots.availablePermits() + 1;
                slots.release();
                signal.reset();
                int asked = Math.min(free, batchSize);
                List<Claim> batch = claims.claim(worker, asked, lease);
                if (batch.isEmpty()) {
                    signal.await(pollInterval);
                    continue;
                }
                for (Claim claim : batch) {
                    slots.acquire();
                    // registered before it runs, so that it is watched from the start and its own
                    // end removes it (not a later claim of the same execution by this dispatcher)
                    FutureTask<Void> task = new FutureTask<>(() -> runClaim(claim), null);
                    inFlight.put(claim.id(), new InFlight(claim, task));
                    executions.execute(task);
                }
                if (batch.size() < asked && claimLinger.isPositive()) {
                    // the claim found less than it asked for (the queue is empty, or what is left
                    // waits for its rule's max_concurrent_executions): let the next claim gather
                    // what arrives meanwhile
                    Thread.sleep(claimLinger);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (DependencyUnavailableException e) {
                noteDatabaseTrouble();
                LOG.warn("Queue: database unavailable; retrying in {}", pollInterval);
                sleepQuietly(pollInterval);
            } catch (RuntimeException e) {
                LOG.error("Queue: claiming failed", e);
                sleepQuietly(pollInterval);
            }
        }
    }

    private void runClaim(Claim claim) {
        try {
            runner.run(claim);
        } catch (RuntimeException e) {
            LOG.error("Execution {} failed unexpectedly in the worker; its lease will expire and it will be retried",
                    claim.id(), e);
        } finally {
            inFlight.computeIfPresent(claim.id(), (id, running) -> running.claim() == claim ? null : running);
            slots.release();
        }
    }

    private void renewLeases() {
        for (InFlight running : inFlight.values()) {
            try {
                if (!claims.heartbeat(running.claim(), lease)) {
                    // also when the final save gave the lease up a moment ago: the worker then only
                    // reports, and waits for its report through the interrupt
                    LOG.debug("Execution {} no longer holds its lease (cancelled, rescued or just finished); "
                            + "interrupting its worker", running.claim().id());
                    running.future().cancel(true);
                }
            } catch (RuntimeException e) {
                if (e instanceof DependencyUnavailableException) {
                    noteDatabaseTrouble();
                }
                LOG.warn("Lease renewal failed for {}: {}", running.claim().id(), e.getMessage());
            }
        }
    }

    private void rescue() {
        Duration grace = rescueGrace(System.nanoTime());
        if (grace.isPositive()) {
            LOG.debug("Lease rescue held off: the database was unreachable less than a lease ago; "
                    + "rescuing only leases expired more than {} ago", grace);
        }
        try {
            int rescued = claims.rescueExpiredLeases(maxLeaseLosses, grace);
            if (rescued > 0) {
                LOG.warn("Requeued (or, after {} lost leases, failed) {} execution(s) whose worker lease expired",
                        maxLeaseLosses, rescued);
                signal.wakeLocal();
                signal.broadcast();
            }
        } catch (RuntimeException e) {
            if (e instanceof DependencyUnavailableException) {
                noteDatabaseTrouble();
            }
            LOG.warn("Lease rescue failed: {}", e.getMessage());
        }
    }

    /**
     * Zero when this instance saw no database trouble within the last lease; else a lease plus the
     * time since the trouble began, at most the save retry window plus a lease.
     */
    Duration rescueGrace(long nanoNow) {
        if (!databaseTroubleSeen || nanoNow - databaseTroubleAt >= lease.toNanos()) {
            return Duration.ZERO;
        }
        Duration grace = lease.plusNanos(nanoNow - databaseTroubleSince);
        return grace.compareTo(maxRescueGrace) > 0 ? maxRescueGrace : grace;
    }

    private synchronized void noteDatabaseTrouble() {
        long now = System.nanoTime();
        if (!databaseTroubleSeen || now - databaseTroubleAt >= lease.toNanos()) {
            databaseTroubleSince = now;
        }
        databaseTroubleAt = now;
        databaseTroubleSeen = true;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming, lets running executions finish for a few seconds, then interrupts them and
     * returns the ones still held here to the queue without counting a lost lease.
     */
    @PreDestroy
    public void stop() throws InterruptedException {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        maintenance.shutdownNow();
        executions.shutdown();
        if (!executions.awaitTermination(5, TimeUnit.SECONDS)) {
            List<Claim> stillRunning = inFlight.values().stream().map(InFlight::claim).toList();
            executions.shutdownNow();
            // interrupted workers write nothing; wait for them so that no save races the release
            executions.awaitTermination(2, TimeUnit.SECONDS);
            for (Claim claim : stillRunning) {
                try {
                    if (claims.release(claim)) {
                        LOG.info("Execution {} returned to the queue: this worker is stopping", claim.id());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not return execution {} to the queue ({}); its lease will expire",
                            claim.id(), e.getMessage());
                }
            }
        }
    }

    public String workerId() {
        return worker;
    }
}
