package io.ruleworks.application.port.out;

import java.time.Duration;

/** Wakes idle workers when executions become due, so they need not poll tightly. */
public interface WorkSignal {

    /** Blocks until work may be available or the timeout passes; true when signalled. */
    boolean await(Duration timeout) throws InterruptedException;
}
