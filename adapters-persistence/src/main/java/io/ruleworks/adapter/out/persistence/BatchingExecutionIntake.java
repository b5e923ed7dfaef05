package io.ruleworks.adapter.out.persistence;

import io.micronaut.context.annotation.Value;
import io.ruleworks.adapter.out.persistence.PostgresExecutionRepository.NewExecution;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.out.ExecutionIntake;
import io.ruleworks.application.port.out.Transactions;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for new executions (docs/performance.md, "A floor"): requests hand their execution
 * to one writer thread, which stores everything that arrived while it was writing the previous
 * group in one transaction ({@link PostgresExecutionRepository#insertAll}: four round trips and one
 * commit for the whole group) and then releases each request. Nobody waits for a group to fill: an
 * execution arriving at an idle writer is written at once, alone. Each request still returns only
 * after its row is committed.
 *
 * <p>If a group fails on a statement error (one bad row makes the whole statement fail), its
 * executions are written again one transaction each, so only the bad one fails. A database outage
 * fails the group's requests with the translated (503) error.
 */
@Singleton
public class BatchingExecutionIntake implements ExecutionIntake {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingExecutionIntake.class);

    private record Pending(NewExecution execution, CompletableFuture<Optional<ExecutionState>> done) {
    }

    private final PostgresExecutionRepository executions;
    private final Transactions transactions;
    private final int maxGroup;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private final AtomicLong groups = new AtomicLong();

    public BatchingExecutionIntake(PostgresExecutionRepository executions, Transactions transactions,
                                   @Value("${ruleworks.intake.max-group:64}") int maxGroup) {
        this.executions = executions;
        this.transactions = transactions;
        this.maxGroup = Math.max(1, maxGroup);
        this.writer = Thread.ofPlatform().name("execution-intake").daemon().start(this::write);
    }

    @Override
    public Optional<ExecutionState> insert(AutomationExecution execution, boolean countOnRule) {
        NewExecution handedOver = NewExecution.of(execution, countOnRule);
        if (!running) {
            return writeAlone(handedOver);
        }
        Pending pending = new Pending(handedOver, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the execution was being stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void write() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                writeGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException | Error e) {
                // the writer must outlive anything a group throws: every waiting request is answered
                LOG.error("Execution intake failed unexpectedly", e);
                group.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    /** How many groups (transactions) the writer has written: fewer than the executions under load. */
    long groupsWritten() {
        return groups.get();
    }

    private void writeGroup(List<Pending> group) {
        groups.incrementAndGet();
        if (group.size() > 1) {
            try {
                List<Optional<ExecutionState>> results = transactions.inTransaction(() -> executions.insertAll(
                        group.stream().map(Pending::execution).toList()));
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).done().complete(results.get(i));
                }
                return;
            } catch (DependencyUnavailableException e) {
                group.forEach(p -> p.done().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                LOG.debug("A group of {} new executions failed ({}); writing them one by one", group.size(),
                        e.getMessage());
            }
        }
        for (Pending pending : group) {
            try {
                pending.done().complete(writeAlone(pending.execution()));
            } catch (RuntimeException e) {
                pending.done().completeExceptionally(e);
            }
        }
    }

    private Optional<ExecutionState> writeAlone(NewExecution execution) {
        return transactions.inTransaction(() -> executions.insert(execution));
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        writer.join(5_000);
    }
}
