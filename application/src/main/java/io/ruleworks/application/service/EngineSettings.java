package io.ruleworks.application.service;

import java.time.Duration;

/**
 * Limits of the execution engine: how deep rules may chain through workflow_execution, how often
 * a rule with retry_failed_executions is retried automatically, and the timeout of an action that
 * sets none.
 */
public record EngineSettings(int maxChainDepth, int maxAutoRetries, Duration defaultActionTimeout) {

    public static final EngineSettings DEFAULTS = new EngineSettings(5, 3, Duration.ofSeconds(30));

    public EngineSettings {
        if (maxChainDepth < 1 || maxAutoRetries < 0 || defaultActionTimeout.isNegative() || defaultActionTimeout.isZero()) {
            throw new IllegalArgumentException("invalid engine settings");
        }
    }
}
