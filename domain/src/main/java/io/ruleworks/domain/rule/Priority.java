package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** Execution priority of a rule; executions are dispatched critical first. */
public enum Priority implements WireEnum {
    LOW, NORMAL, HIGH, CRITICAL;

    /** Claim order: 0 for critical, 3 for low. */
    public int rank() {
        return CRITICAL.ordinal() - ordinal();
    }
}
