package io.ruleworks.domain.statistics;

import java.util.List;
import java.util.Optional;

/**
 * A tenant's automation at a glance: its rules by status, its executions by outcome and by
 * period, and which trigger and action types are used most.
 *
 * <p>{@code successful} counts completed executions, {@code failed} failed and timed-out ones;
 * the success rate is successful as a percentage of both (0 when none finished).
 */
public record AutomationStatistics(RuleCounts rules, long totalExecutions, long successfulExecutions,
                                   long failedExecutions, long executionsToday, long executionsThisWeek,
                                   long executionsThisMonth, Optional<Double> averageDurationMs,
                                   List<UsageCount> triggerTypes, List<UsageCount> actionTypes) {

    public AutomationStatistics {
        triggerTypes = List.copyOf(triggerTypes);
        actionTypes = List.copyOf(actionTypes);
    }

    public record RuleCounts(long total, long active, long inactive, long draft, long error) {
    }

    public double successRatePercent() {
        long finished = successfulExecutions + failedExecutions;
        return finished == 0 ? 0.0 : PerformanceFigures.round2(successfulExecutions * 100.0 / finished);
    }
}
