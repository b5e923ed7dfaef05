package io.ruleworks.adapter.in.console;

import io.ruleworks.application.port.in.rule.ListRulesUseCase;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.PageRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * Rule names for lists of executions: the 100 most recently updated rules of the tenant, read with
 * one list call; an execution of any other rule shows its rule's short id.
 */
public record RuleNames(Map<RuleId, String> names) {

    public static RuleNames of(ListRulesUseCase rules, Caller caller) {
        RuleFilter none = RuleFilter.none();
        RuleFilter recent = new RuleFilter(none.search(), none.createdFrom(), none.createdTo(), none.updatedFrom(),
                none.updatedTo(), none.isActive(), none.name(), none.status(), none.triggerType(), none.priority(),
                none.templateCategory(), none.createdBy(), none.lastExecutedFrom(), none.lastExecutedTo(),
                none.executionCountMin(), none.executionCountMax(), io.ruleworks.domain.rule.RuleSortField.UPDATED_AT,
                none.order());
        Map<RuleId, String> names = new HashMap<>();
        for (RuleDetails rule : rules.list(caller, recent, new PageRequest(1, PageRequest.MAX_LIMIT)).items()) {
            names.put(rule.id(), rule.definition().name());
        }
        return new RuleNames(names);
    }

    public String name(RuleId id) {
        String name = names.get(id);
        return name == null ? "rule " + id.toString().substring(0, 8) : name;
    }
}
