package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.SortOrder;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The filters of GET /rules, already parsed; every one is optional and they combine with AND. */
public record RuleFilter(Optional<String> search, Optional<Instant> createdFrom, Optional<Instant> createdTo,
                         Optional<Instant> updatedFrom, Optional<Instant> updatedTo, Optional<Boolean> isActive,
                         Optional<String> name, Optional<RuleStatus> status, Optional<TriggerType> triggerType,
                         Optional<Priority> priority, Optional<String> templateCategory, Optional<UUID> createdBy,
                         Optional<Instant> lastExecutedFrom, Optional<Instant> lastExecutedTo,
                         Optional<Long> executionCountMin, Optional<Long> executionCountMax,
                         Set<String> tags, Optional<Boolean> isTemplate,
                         RuleSortField sort, SortOrder order) {

    /** {@code tags}: rules carrying any of them (none given: no filter); {@code isTemplate}: is_template equal to it. */
    public RuleFilter {
        tags = Set.copyOf(tags);
    }

    /** Without the tags and is_template filters. */
    public RuleFilter(Optional<String> search, Optional<Instant> createdFrom, Optional<Instant> createdTo,
                      Optional<Instant> updatedFrom, Optional<Instant> updatedTo, Optional<Boolean> isActive,
                      Optional<String> name, Optional<RuleStatus> status, Optional<TriggerType> triggerType,
                      Optional<Priority> priority, Optional<String> templateCategory, Optional<UUID> createdBy,
                      Optional<Instant> lastExecutedFrom, Optional<Instant> lastExecutedTo,
                      Optional<Long> executionCountMin, Optional<Long> executionCountMax,
                      RuleSortField sort, SortOrder order) {
        this(search, createdFrom, createdTo, updatedFrom, updatedTo, isActive, name, status, triggerType, priority,
                templateCategory, createdBy, lastExecutedFrom, lastExecutedTo, executionCountMin, executionCountMax,
                Set.of(), Optional.empty(), sort, order);
    }

    public static RuleFilter none() {
        return new RuleFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), RuleSortField.CREATED_AT, SortOrder.DESC);
    }
}
