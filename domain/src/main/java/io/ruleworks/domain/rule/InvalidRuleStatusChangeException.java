package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.DomainException;

import java.util.Map;

/** A rule was asked to move to a status its current status does not allow ({@link RuleStatus}'s table). */
public final class InvalidRuleStatusChangeException extends DomainException {

    public static final String CODE = "INVALID_RULE_STATUS";

    public InvalidRuleStatusChangeException(RuleStatus from, RuleStatus to, String how) {
        super(CODE, "Rule is " + from.wire() + " and cannot be " + how,
                Map.of("current_status", from.wire(), "requested_status", to.wire()));
    }
}
