package io.ruleworks.adapter.out.persistence.testing;

import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleSortField;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.SortOrder;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A RuleFilter built field by field (the record has eighteen positional components); defaults as RuleFilter.none(). */
public final class RuleFilterBuilder {

    private Optional<String> search = Optional.empty();
    private Optional<Instant> createdFrom = Optional.empty();
    private Optional<Instant> createdTo = Optional.empty();
    private Optional<Instant> updatedFrom = Optional.empty();
    private Optional<Instant> updatedTo = Optional.empty();
    private Optional<Boolean> isActive = Optional.empty();
    private Optional<String> name = Optional.empty();
    private Optional<RuleStatus> status = Optional.empty();
    private Optional<TriggerType> triggerType = Optional.empty();
    private Optional<Priority> priority = Optional.empty();
    private Optional<String> templateCategory = Optional.empty();
    private Optional<UUID> createdBy = Optional.empty();
    private Optional<Instant> lastExecutedFrom = Optional.empty();
    private Optional<Instant> lastExecutedTo = Optional.empty();
    private Optional<Long> executionCountMin = Optional.empty();
    private Optional<Long> executionCountMax = Optional.empty();
    private RuleSortField sort = RuleSortField.CREATED_AT;
    private SortOrder order = SortOrder.DESC;

    public RuleFilterBuilder search(String v) { search = Optional.of(v); return this; }
    public RuleFilterBuilder createdFrom(Instant v) { createdFrom = Optional.of(v); return this; }
    public RuleFilterBuilder createdTo(Instant v) { createdTo = Optional.of(v); return this; }
    public RuleFilterBuilder updatedFrom(Instant v) { updatedFrom = Optional.of(v); return this; }
    public RuleFilterBuilder updatedTo(Instant v) { updatedTo = Optional.of(v); return this; }
    public RuleFilterBuilder isActive(boolean v) { isActive = Optional.of(v); return this; }
    public RuleFilterBuilder name(String v) { name = Optional.of(v); return this; }
    public RuleFilterBuilder status(RuleStatus v) { status = Optional.of(v); return this; }
    public RuleFilterBuilder triggerType(TriggerType v) { triggerType = Optional.of(v); return this; }
    public RuleFilterBuilder priority(Priority v) { priority = Optional.of(v); return this; }
    public RuleFilterBuilder templateCategory(String v) { templateCategory = Optional.of(v); return this; }
    public RuleFilterBuilder createdBy(UUID v) { createdBy = Optional.of(v); return this; }
    public RuleFilterBuilder lastExecutedFrom(Instant v) { lastExecutedFrom = Optional.of(v); return this; }
    public RuleFilterBuilder lastExecutedTo(Instant v) { lastExecutedTo = Optional.of(v); return this; }
    public RuleFilterBuilder executionCountMin(long v) { executionCountMin = Optional.of(v); return this; }
    public RuleFilterBuilder executionCountMax(long v) { executionCountMax = Optional.of(v); return this; }
    public RuleFilterBuilder sort(RuleSortField field, SortOrder direction) { sort = field; order = direction; return this; }

    public RuleFilter toRuleFilter() {
        return new RuleFilter(search, createdFrom, createdTo, updatedFrom, updatedTo, isActive, name, status,
                triggerType, priority, templateCategory, createdBy, lastExecutedFrom, lastExecutedTo,
                executionCountMin, executionCountMax, sort, order);
    }
}
