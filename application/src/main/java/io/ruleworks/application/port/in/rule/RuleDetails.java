package io.ruleworks.application.port.in.rule;

import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the rule use cases return: the rule's state, its statistics where the operation computes
 * them, and the signing secret of its inbound hook when the operation has just issued one (a
 * webhook rule created, or a rule turned into one): shown this once, never stored in clear.
 */
public record RuleDetails(RuleId id, TenantId tenant, RuleDefinition definition, Optional<UUID> createdBy,
                          Instant createdAt, Instant updatedAt, long executionCount, Optional<Instant> lastExecuted,
                          Optional<ExecutionStatistics> statistics, Optional<HookSecret> issuedHookSecret) {

    public static RuleDetails of(AutomationRule rule) {
        return of(rule, Optional.empty());
    }

    public static RuleDetails of(AutomationRule rule, Optional<ExecutionStatistics> statistics) {
        return new RuleDetails(rule.id(), rule.tenant(), rule.definition(), rule.createdBy(), rule.createdAt(),
                rule.updatedAt(), rule.executionCount(), rule.lastExecuted(), statistics, Optional.empty());
    }

    public RuleDetails withIssuedHookSecret(Optional<HookSecret> secret) {
        return new RuleDetails(id, tenant, definition, createdBy, createdAt, updatedAt, executionCount, lastExecuted,
                statistics, secret);
    }
}
