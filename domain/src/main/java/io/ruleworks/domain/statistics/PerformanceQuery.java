package io.ruleworks.domain.statistics;

import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A resolved performance question: executions created in {@code [from, to)}, optionally only those
 * of some rules, in buckets of {@code groupBy}. At most {@link #MAX_BUCKETS} buckets.
 */
public record PerformanceQuery(Instant from, Instant to, Granularity groupBy, Set<RuleId> ruleIds,
                               Set<PerformanceMetric> metrics) {

    public static final int MAX_BUCKETS = 1_000;
    public static final int MAX_RULE_IDS = 100;
    public static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    public PerformanceQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(groupBy, "groupBy");
        ruleIds = Set.copyOf(ruleIds);
        metrics = metrics.isEmpty() ? EnumSet.allOf(PerformanceMetric.class) : EnumSet.copyOf(metrics);
        if (!from.isBefore(to)) {
            throw ValidationException.of("date_to", "must be after date_from");
        }
        // +1: the first bucket starts at or before `from`, so a range may touch one bucket more than it spans
        long buckets = Duration.between(from, to).dividedBy(groupBy.shortest()) + 1;
        if (buckets > MAX_BUCKETS) {
            throw ValidationException.of("date_from", "the range makes more than " + MAX_BUCKETS + " "
                    + groupBy.wire() + " buckets; narrow it or group by a larger unit");
        }
        if (ruleIds.size() > MAX_RULE_IDS) {
            throw ValidationException.of("rule_ids", "must list at most " + MAX_RULE_IDS + " rule ids");
        }
    }

    public boolean wants(PerformanceMetric metric) {
        return metrics.contains(metric);
    }
}
