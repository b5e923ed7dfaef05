package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleId;

public interface GetRuleUseCase {

    /** The rule with its execution statistics; NotFoundException when the caller's tenant has no such rule. */
    RuleDetails get(Caller caller, RuleId id);
}
