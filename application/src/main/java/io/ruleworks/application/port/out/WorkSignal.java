package io.ruleworks.application.port.out;

import java.time.Duration;

/**
 * Wakes idle workers when executions become due, so they need not poll tightly: locally at once,
 * and other instances through a broadcast.
 */
public interface WorkSignal {

    /** Blocks until work may be available or the timeout passes; true when signalled. */
    boolean await(Duration timeout) throws InterruptedException;

    /** Wakes this instance's waiting worker. */
    void wakeLocal();

    /** Tells other instances that work may be available; bursts are coalesced, never blocks. */
    void broadcast();
}
