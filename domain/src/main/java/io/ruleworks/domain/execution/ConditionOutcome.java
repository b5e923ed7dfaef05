package io.ruleworks.domain.execution;

import java.util.List;
import java.util.Objects;

/**
 * Whether a rule's conditions matched, with one trace per condition in the rule's order.
 */
public record ConditionOutcome(boolean matched, List<ConditionTrace> traces) {

    public ConditionOutcome {
        traces = List.copyOf(Objects.requireNonNull(traces, "traces"));
    }
}
