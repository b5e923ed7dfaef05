package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.WireEnum;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an execution is in its life. Which status leads to which is {@link ExecutionTransition}'s
 * table: pending -> running -> a final state; pending may also end as skipped or cancelled without
 * running; a failed or timed-out execution may be retried back to pending; a running one goes back
 * to pending when its lease is lost.
 */
public enum ExecutionStatus implements WireEnum {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, SKIPPED;

    /** Every status some transition leads to from this one. */
    public Set<ExecutionStatus> next() {
        Set<ExecutionStatus> next = EnumSet.noneOf(ExecutionStatus.class);
        for (ExecutionTransition t : ExecutionTransition.values()) {
            if (t.allowedFrom(this)) {
                next.add(t.target());
            }
        }
        return next;
    }

    public boolean canMoveTo(ExecutionStatus target) {
        return next().contains(target);
    }

    /** Failed or timed out: the execution did not succeed and may be retried. */
    public boolean isRetryable() {
        return ExecutionTransition.RETRY.allowedFrom(this);
    }

    /** Pending or running: the execution still holds its rule. */
    public boolean isInFlight() {
        return this == PENDING || this == RUNNING;
    }
}
