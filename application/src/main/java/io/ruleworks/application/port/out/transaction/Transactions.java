package io.ruleworks.application.port.out.transaction;

import java.util.function.Supplier;

/** Runs work in one database transaction: all of it is written, or none. */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);

    /**
     * A transaction for work that is redone when lost — a worker's progress, outbox bookkeeping.
     * Its commit need not wait for the write-ahead log to reach disk: a database crash may lose
     * it (the execution is then rescued and run again, receivers deduplicate by idempotency key)
     * but never corrupts anything. Never use it for what a client was told is stored.
     */
    default <T> T inReplayableTransaction(Supplier<T> work) {
        return inTransaction(work);
    }

    /** {@link #inReplayableTransaction} for work without a result. */
    default void runReplayable(Runnable work) {
        inReplayableTransaction(() -> {
            work.run();
            return null;
        });
    }

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
