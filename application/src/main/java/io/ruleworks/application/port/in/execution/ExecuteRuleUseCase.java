package io.ruleworks.application.port.in.execution;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.rule.RuleId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

public interface ExecuteRuleUseCase {

    /**
     * Starts a manual execution: queued as pending, or recorded in its final state for a dry run.
     * With an idempotency key, the same key and request return the first execution; the same key
     * with another request is refused with IDEMPOTENCY_KEY_REUSED.
     */
    ExecutionState execute(ExecuteRuleCommand command);

    /**
     * {@code runAfter}: an execution this one must wait for; a worker claims it only once that one
     * has reached a final state (a sequential bulk execution chains its executions this way).
     */
    record ExecuteRuleCommand(Caller caller, RuleId ruleId, Map<String, Object> executionData,
                              boolean overrideConditions, boolean dryRun, Optional<String> idempotencyKey,
                              String requestFingerprint, Optional<ExecutionId> runAfter) {
        public ExecuteRuleCommand {
            // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
            executionData = Collections.unmodifiableMap(new LinkedHashMap<>(executionData));
            Objects.requireNonNull(runAfter, "runAfter");
        }

        public ExecuteRuleCommand(Caller caller, RuleId ruleId, Map<String, Object> executionData,
                                  boolean overrideConditions, boolean dryRun, Optional<String> idempotencyKey,
                                  String requestFingerprint) {
            this(caller, ruleId, executionData, overrideConditions, dryRun, idempotencyKey, requestFingerprint,
                    Optional.empty());
        }
    }
}
