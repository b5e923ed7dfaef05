package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleId;

import java.util.Objects;
import java.util.function.UnaryOperator;

public interface UpdateRuleUseCase {

    RuleDetails update(UpdateRuleCommand command);

    /**
     * An update: {@code revision} turns the rule's current definition (as a draft) into its new one,
     * which replaces it as a whole, revalidated; it runs inside the update's transaction, on the
     * locked rule, so nothing changes between read and write (a JSON merge patch is applied so).
     */
    record UpdateRuleCommand(Caller caller, RuleId id, UnaryOperator<RuleDraft> revision) {

        public UpdateRuleCommand {
            Objects.requireNonNull(revision, "revision");
        }

        /** A partial update: only the fields present in {@code patch} change. */
        public UpdateRuleCommand(Caller caller, RuleId id, RuleDraft patch) {
            this(caller, id, current -> current.overlay(patch));
        }
    }
}
