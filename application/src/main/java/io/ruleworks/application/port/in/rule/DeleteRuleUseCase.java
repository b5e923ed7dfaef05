package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleId;

public interface DeleteRuleUseCase {

    /** Deletes the rule; refused with a ConflictException while it has pending or running executions. */
    void delete(Caller caller, RuleId id);
}
