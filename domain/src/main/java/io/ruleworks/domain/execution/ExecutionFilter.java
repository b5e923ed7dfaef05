package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.WireEnum;

import java.time.Instant;
import java.util.Optional;

/** The filters of GET /executions; every one optional, combined with AND. */
public record ExecutionFilter(Optional<RuleId> ruleId, Optional<ExecutionStatus> status, Optional<Instant> startedFrom,
                              Optional<Instant> startedTo, Optional<Long> durationMinMs, Optional<Long> durationMaxMs,
                              Optional<Boolean> hasErrors, Optional<TriggerType> triggerType, Optional<String> search,
                              Optional<Instant> createdFrom, Optional<Instant> createdTo,
                              Optional<Instant> updatedFrom, Optional<Instant> updatedTo, Optional<Boolean> inFlight,
                              SortField sort, SortOrder order) {

    public enum SortField implements WireEnum { CREATED_AT, STARTED_AT, COMPLETED_AT, DURATION_MS, STATUS }

    public static ExecutionFilter none() {
        return new ExecutionFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                SortField.CREATED_AT, SortOrder.DESC);
    }
}
