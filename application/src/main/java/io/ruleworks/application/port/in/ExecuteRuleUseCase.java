package io.ruleworks.application.port.in;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.rule.RuleId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

public interface ExecuteRuleUseCase {

    /**
     * Starts a manual execution: queued as pending, or recorded in its final state for a dry run.
     * With an idempotency key, the same key and request return the first execution; the same key
     * with another request is refused with IDEMPOTENCY_KEY_REUSED.
     */
    ExecutionState execute(ExecuteRuleCommand command);

    record ExecuteRuleCommand(Caller caller, RuleId ruleId, Map<String, Object> executionData,
                              boolean overrideConditions, boolean dryRun, Optional<String> idempotencyKey,
                              String requestFingerprint) {
        public ExecuteRuleCommand {
            // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
            executionData = Collections.unmodifiableMap(new LinkedHashMap<>(executionData));
        }
    }
}
