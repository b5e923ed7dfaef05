package io.ruleworks.application.port.out;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Duration;
import java.util.Map;

/** Performs one kind of action. One implementation per action type, in adapters-actions. */
public interface ActionRunner {

    ActionType type();

    /**
     * Runs the action with its rendered config. Returns the result later actions can use;
     * throws {@link ActionFailedException} for a failure (retryable or not).
     */
    Map<String, Object> run(Invocation invocation) throws InterruptedException;

    /**
     * One attempt of one action. {@code idempotencyKey} is
     * {@code <execution>:<retry count>:<action index>:<attempt>}, sent with the call so that a
     * receiver can deduplicate the re-run after a crash (same key), while a deliberate retry of the
     * execution (retry count + 1) is a new delivery. {@code templateContext} is what the config's
     * templates were rendered against (trigger, actions, execution, rule): runners that hand data to
     * user code (custom_script) pass it on; others ignore it.
     */
    record Invocation(TenantId tenant, RuleId ruleId, ExecutionId executionId, int index, int order, int attempt,
                      Map<String, Object> config, Duration timeout, String idempotencyKey,
                      Map<String, Object> templateContext) {

        public Invocation(TenantId tenant, RuleId ruleId, ExecutionId executionId, int index, int order, int attempt,
                          Map<String, Object> config, Duration timeout, String idempotencyKey) {
            this(tenant, ruleId, executionId, index, order, attempt, config, timeout, idempotencyKey, Map.of());
        }
    }
}
