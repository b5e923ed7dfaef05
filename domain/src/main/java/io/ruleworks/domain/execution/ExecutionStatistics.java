package io.ruleworks.domain.execution;

import java.time.Instant;
import java.util.Optional;

/** How a rule's executions have gone, computed from its execution history. */
public record ExecutionStatistics(long totalExecutions, long successfulExecutions, long failedExecutions,
                                  long inFlightExecutions, Optional<Double> averageDurationMs,
                                  Optional<Instant> lastExecutionAt) {

    public static final ExecutionStatistics NONE =
            new ExecutionStatistics(0, 0, 0, 0, Optional.empty(), Optional.empty());

    /** Successful executions as a percentage of finished ones (0 when none finished). */
    public double successRatePercent() {
        long finished = successfulExecutions + failedExecutions;
        return finished == 0 ? 0.0 : Math.round(successfulExecutions * 10_000.0 / finished) / 100.0;
    }
}
