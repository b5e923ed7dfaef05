package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleStatus;

import java.util.List;

public interface BulkUpdateRuleStatusUseCase {

    /**
     * Sets {@code status} on each of the caller's rules, each in its own transaction: one rule that
     * cannot be changed does not hold back the others. Results come in the order of the (distinct) ids.
     */
    List<BulkItemResult> updateStatus(BulkStatusCommand command);

    record BulkStatusCommand(Caller caller, List<RuleId> ids, RuleStatus status) {
        public BulkStatusCommand {
            ids = List.copyOf(ids);
        }
    }
}
