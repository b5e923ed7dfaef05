package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.application.port.DependencyUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Group commit (docs/performance.md, "A floor"): callers hand their write to one writer thread,
 * which writes everything that arrived while it was writing the previous group in one transaction
 * and then answers each caller. Nobody waits for a group to fill: a write arriving at an idle
 * writer is written at once, alone. Each caller returns only after its own write is committed.
 *
 * <p>If a group fails on a statement error (one bad row makes the whole statement fail), its
 * writes are done again one transaction each, so only the bad one fails. A database outage fails
 * the group's callers with the translated (503) error without retrying.
 *
 * @param <T> one caller's write
 * @param <R> its answer
 */
final class GroupCommit<T, R> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T, R>(T write, CompletableFuture<R> done) {
    }

    private final String name;
    private final Function<List<T>, List<R>> writeGroup;
    private final Function<T, R> writeAlone;
    private final int maxGroup;
    private final LinkedBlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private final AtomicLong groups = new AtomicLong();

    /**
     * @param writeGroup writes several in one transaction of its own; the answers in the same order
     * @param writeAlone writes one in a transaction of its own
     */
    GroupCommit(String name, int maxGroup, Function<List<T>, List<R>> writeGroup, Function<T, R> writeAlone) {
        this.name = name;
        this.writeGroup = writeGroup;
        this.writeAlone = writeAlone;
        this.maxGroup = Math.max(1, maxGroup);
        this.writer = Thread.ofPlatform().name(name).daemon().start(this::write);
    }

    /**
     * Writes through the group and waits for the answer; once stopped, writes alone on the caller's
     * thread. The wait goes on through interrupts (a group is one short transaction), so that the
     * caller always learns whether its write was committed; an interrupt is kept for the caller.
     */
    R submit(T write) {
        if (!running) {
            return writeAlone.apply(write);
        }
        Pending<T, R> pending = new Pending<>(write, new CompletableFuture<>());
        queue.add(pending);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.done().get(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    if (!writer.isAlive() && queue.remove(pending)) {
                        return writeAlone.apply(write); // queued just as the writer stopped
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write() {
        List<Pending<T, R>> group = new ArrayList<>();
        boolean interrupted = false;
        while (running || !queue.isEmpty()) {
            try {
                // once stopped (or interrupted), what is queued is written without waiting for more
                Pending<T, R> first = running && !interrupted ? queue.poll(200, TimeUnit.MILLISECONDS) : queue.poll();
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                commit(group);
            } catch (InterruptedException e) {
                interrupted = true;
                running = false;
            } catch (RuntimeException | Error e) {
                // the writer must outlive anything a group throws: every waiting caller is answered
                LOG.error("{}: a group write failed unexpectedly", name, e);
                group.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many groups (transactions) the writer has written: fewer than the writes under load. */
    long groupsWritten() {
        return groups.get();
    }

    /** How many writes wait for the writer (not those of the group it is writing). */
    int queued() {
        return queue.size();
    }

    private void commit(List<Pending<T, R>> group) {
        groups.incrementAndGet();
        if (group.size() > 1) {
            try {
                List<R> results = writeGroup.apply(group.stream().map(Pending::write).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).done().complete(results.get(i));
                }
                return;
            } catch (DependencyUnavailableException e) {
                group.forEach(p -> p.done().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                LOG.debug("{}: a group of {} failed ({}); writing them one by one", name, group.size(),
                        e.getMessage());
            }
        }
        for (Pending<T, R> pending : group) {
            try {
                pending.done().complete(writeAlone.apply(pending.write()));
            } catch (RuntimeException e) {
                pending.done().completeExceptionally(e);
            }
        }
    }

    /** Stops taking writes into groups; what is queued is still written. */
    void stop() throws InterruptedException {
        running = false;
        writer.join(5_000);
    }
}
