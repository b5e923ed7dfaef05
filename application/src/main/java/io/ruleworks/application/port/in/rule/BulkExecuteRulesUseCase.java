package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public interface BulkExecuteRulesUseCase {

    /**
     * Starts one manual execution per rule with the same execution data, under the rules of a
     * single execution (an inactive rule is refused unless override_conditions). Sequentially, each
     * execution is chained to the previous one started: a worker takes it only once that one has
     * finished. Results come in the order of the (distinct) ids.
     */
    List<BulkItemResult> execute(BulkExecuteCommand command);

    record BulkExecuteCommand(Caller caller, List<RuleId> ids, Map<String, Object> executionData,
                              boolean overrideConditions, boolean sequential) {
        public BulkExecuteCommand {
            ids = List.copyOf(ids);
            // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
            executionData = Collections.unmodifiableMap(new LinkedHashMap<>(executionData));
        }
    }
}
