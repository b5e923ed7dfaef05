package io.ruleworks.application.port.out.action;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.ActionConfig;
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
     * Whether this runner keeps its time itself. The engine then runs it once, on the worker's
     * thread, and hands it the whole time it may take as {@link Invocation#timeout()} (the action's
     * own timeout_seconds or the default, within the execution's deadline), instead of cutting each
     * attempt off at the timeout and retrying it. workflow_execution waits for its child this way
     * and reports its own WORKFLOW_WAIT_TIMEOUT.
     */
    default boolean keepsItsOwnTime() {
        return false;
    }

    /**
     * One attempt of one action. {@code idempotencyKey} is
     * {@code <execution>:<retry count>:<action index>:<attempt>}, sent with the call so that a
     * receiver can deduplicate the re-run after a crash (same key), while a deliberate retry of the
     * execution (retry count + 1) is a new delivery. {@code templateContext} is what the config's
     * templates were rendered against (trigger, actions, execution, rule): runners that hand data to
     * user code (custom_script) pass it on; others ignore it. {@code typedConfig} is the rendered
     * config parsed once into its type's record ({@link ActionConfig#parse}), which the runner reads;
     * {@code config} is the same config as rendered.
     */
    record Invocation(TenantId tenant, RuleId ruleId, ExecutionId executionId, int index, int order, int attempt,
                      Map<String, Object> config, Duration timeout, String idempotencyKey,
                      Map<String, Object> templateContext, ActionConfig typedConfig) {

        /** The typed config as the record of its type; a config of another type is a wiring mistake. */
        public <C extends ActionConfig> C typedConfig(Class<C> type) {
            if (!type.isInstance(typedConfig)) {
                throw new IllegalStateException("expected a " + type.getSimpleName() + ", got a "
                        + typedConfig.getClass().getSimpleName());
            }
            return type.cast(typedConfig);
        }
    }
}
