package io.ruleworks.bootstrap.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;

/**
 * The engine's settings, {@code ruleworks.engine.*} (docs/operations.md "Settings"), checked when
 * the service starts ({@link Context}): a bad value stops the start with one line naming it.
 */
@Context
@ConfigurationProperties("ruleworks.engine")
public record EngineProperties(
        @Bindable(defaultValue = "5") @Min(1) int maxChainDepth,
        @Bindable(defaultValue = "3") @PositiveOrZero int maxAutoRetries,
        @Bindable(defaultValue = "30s") @PositiveDuration Duration defaultActionTimeout,
        @Bindable(defaultValue = "10m") @NotNegativeDuration Duration saveRetryWindow,
        @Bindable(defaultValue = "200ms") @PositiveDuration Duration actionRetryBase,
        @Bindable(defaultValue = "10s") @PositiveDuration Duration actionRetryCap,
        @Bindable(defaultValue = "5s") @PositiveDuration Duration executionRetryBase,
        @Bindable(defaultValue = "5m") @PositiveDuration Duration executionRetryCap,
        @Bindable(defaultValue = "8") @Min(1) int maxWaitingWorkflows) {
}
