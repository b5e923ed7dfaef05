package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleDraft;

public interface CreateRuleUseCase {

    RuleDetails create(CreateRuleCommand command);

    record CreateRuleCommand(Caller caller, RuleDraft draft) {
    }
}
