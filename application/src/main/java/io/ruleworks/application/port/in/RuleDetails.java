package io.ruleworks.application.port.in;

import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What the rule use cases return: the rule's state, and its statistics where the operation computes them. */
public record RuleDetails(RuleId id, TenantId tenant, RuleDefinition definition, Optional<UUID> createdBy,
                          Instant createdAt, Instant updatedAt, long executionCount, Optional<Instant> lastExecuted,
                          Optional<ExecutionStatistics> statistics) {

    public static RuleDetails of(AutomationRule rule) {
        return of(rule, Optional.empty());
    }

    public static RuleDetails of(AutomationRule rule, Optional<ExecutionStatistics> statistics) {
        return new RuleDetails(rule.id(), rule.tenant(), rule.definition(), rule.createdBy(), rule.createdAt(),
                rule.updatedAt(), rule.executionCount(), rule.lastExecuted(), statistics);
    }
}
