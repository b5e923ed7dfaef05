package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle state of a rule; only an active rule fires by itself. The rule's transition table: a
 * client (create, PUT, PATCH, bulk-status) may set any of the four statuses from any status, as
 * the contract offers them; the service itself moves a rule only from active to error, when it
 * cannot do its job (a condition source that keeps failing): a rule that does not run cannot fail.
 */
public enum RuleStatus implements WireEnum {
    ACTIVE, INACTIVE, DRAFT, ERROR;

    /** The statuses a client may give a rule in this status. */
    public Set<RuleStatus> settableByClient() {
        return switch (this) {
            case ACTIVE, INACTIVE, DRAFT, ERROR -> EnumSet.allOf(RuleStatus.class);
        };
    }

    /** Whether the service may put a rule in this status in error by itself. */
    public boolean canFail() {
        return this == ACTIVE;
    }
}
