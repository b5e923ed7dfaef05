package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.WireEnum;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an execution is in its life. The one transition table: pending -> running -> a final
 * state; pending may also end as skipped or cancelled without running; a failed or timed-out
 * execution may be retried back to pending.
 */
public enum ExecutionStatus implements WireEnum {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, SKIPPED;

    public Set<ExecutionStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, SKIPPED, CANCELLED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, TIMEOUT, SKIPPED, CANCELLED, PENDING);
            case FAILED, TIMEOUT -> EnumSet.of(PENDING);
            case COMPLETED, CANCELLED, SKIPPED -> EnumSet.noneOf(ExecutionStatus.class);
        };
    }

    public boolean canMoveTo(ExecutionStatus target) {
        return next().contains(target);
    }

    /** Pending or running: the execution still holds its rule. */
    public boolean isInFlight() {
        return this == PENDING || this == RUNNING;
    }
}
