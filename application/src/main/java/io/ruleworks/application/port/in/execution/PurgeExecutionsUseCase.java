package io.ruleworks.application.port.in.execution;

import java.time.Duration;

/**
 * Deletes finished executions past their retention (global, per status, per rule, and the count
 * limit per rule), a bounded amount per run; at most one instance purges at a time.
 */
public interface PurgeExecutionsUseCase {

    PurgeRun purge();

    /**
     * What one run did. {@code ran}: false when another instance was purging (this one did nothing);
     * {@code lag}: how far the oldest execution still past its retention line lies behind that line
     * after the run (zero when the purge is caught up).
     */
    record PurgeRun(boolean ran, long purgedByAge, long purgedByCount, Duration lag) {

        public long purged() {
            return purgedByAge + purgedByCount;
        }
    }
}
