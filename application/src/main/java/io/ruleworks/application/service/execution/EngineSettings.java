package io.ruleworks.application.service.execution;

import java.time.Duration;

/**
 * Limits of the execution engine: how deep rules may chain through workflow_execution, how often
 * a rule with retry_failed_executions is retried automatically, the timeout of an action that
 * sets none, and how long a worker keeps retrying a save while the database cannot be reached
 * (docs/reliability.md, "Outages").
 */
public record EngineSettings(int maxChainDepth, int maxAutoRetries, Duration defaultActionTimeout,
                             Duration saveRetryWindow) {

    public static final Duration DEFAULT_SAVE_RETRY_WINDOW = Duration.ofMinutes(10);
    public static final EngineSettings DEFAULTS = new EngineSettings(5, 3, Duration.ofSeconds(30));

    public EngineSettings {
        if (maxChainDepth < 1 || maxAutoRetries < 0 || defaultActionTimeout.isNegative() || defaultActionTimeout.isZero()
                || saveRetryWindow.isNegative()) {
            throw new IllegalArgumentException("invalid engine settings");
        }
    }

    /** With the default save retry window. */
    public EngineSettings(int maxChainDepth, int maxAutoRetries, Duration defaultActionTimeout) {
        this(maxChainDepth, maxAutoRetries, defaultActionTimeout, DEFAULT_SAVE_RETRY_WINDOW);
    }
}
