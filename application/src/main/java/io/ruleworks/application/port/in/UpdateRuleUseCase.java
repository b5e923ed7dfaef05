package io.ruleworks.application.port.in;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleId;

public interface UpdateRuleUseCase {

    RuleDetails update(UpdateRuleCommand command);

    /** A partial update: only the fields present in {@code patch} change. */
    record UpdateRuleCommand(Caller caller, RuleId id, RuleDraft patch) {
    }
}
