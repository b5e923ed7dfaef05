package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every stored field of an execution, as one immutable value: what adapters persist and read,
 * and what {@link AutomationExecution#reconstitute(ExecutionState)} rebuilds the aggregate from.
 */
public record ExecutionState(ExecutionId id, TenantId tenant, RuleId ruleId, TriggerType triggerType,
                             Map<String, Object> triggerData, ExecutionStatus status, Priority priority,
                             Optional<Instant> startedAt, Optional<Instant> completedAt, Optional<Long> durationMs,
                             int actionsTotal, int actionsSuccessful, int actionsFailed,
                             Optional<String> errorMessage, Optional<String> errorStack,
                             Optional<Integer> failedActionIndex, ExecutionContext executionContext,
                             List<ExecutionLogEntry> logs, Instant createdAt, Instant updatedAt, Instant availableAt,
                             int attempt, int retryCount, Optional<ExecutionId> parentExecutionId, int chainDepth,
                             Optional<String> idempotencyKey, Optional<String> requestHash) {

    public ExecutionState {
        // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
        triggerData = Collections.unmodifiableMap(new LinkedHashMap<>(triggerData));
        logs = List.copyOf(logs);
        Objects.requireNonNull(executionContext, "executionContext");
    }

    /**
     * This state as the queue's rescue of an expired lease or a worker's graceful release leaves
     * it (ADR 0003, {@link ExecutionTransition#REQUEUE}): pending again, updated and due at
     * {@code at}, everything else kept.
     */
    public ExecutionState requeued(Instant at) {
        if (!ExecutionTransition.REQUEUE.allowedFrom(status)) {
            throw new InvalidTransitionException(status, ExecutionStatus.PENDING, "requeued");
        }
        return new ExecutionState(id, tenant, ruleId, triggerType, triggerData, ExecutionStatus.PENDING, priority,
                startedAt, completedAt, durationMs, actionsTotal, actionsSuccessful, actionsFailed, errorMessage,
                errorStack, failedActionIndex, executionContext, logs, createdAt, at, at, attempt, retryCount,
                parentExecutionId, chainDepth, idempotencyKey, requestHash);
    }
}
