package io.ruleworks.application.port.out.queue;

import java.time.Duration;

/**
 * Wakes idle workers when executions become due, so they need not poll tightly: locally at once,
 * and other instances through a broadcast.
 */
public interface WorkSignal {

    /** Blocks until work may be available or the timeout passes; true when signalled. */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * Forgets the wake-ups received so far; called right before a claim, which sees everything
     * they announced (their rows were committed before they were sent), so they cannot cause
     * another, empty claim.
     */
    void reset();

    /** Wakes this instance's waiting worker. */
    void wakeLocal();

    /** Tells other instances that work may be available; bursts are coalesced, never blocks. */
    void broadcast();
}
