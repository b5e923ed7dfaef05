package io.ruleworks.application.port.in.statistics;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceMetric;
import io.ruleworks.domain.statistics.PerformanceReport;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** GET /performance: execution figures over a time range, in time buckets. */
public interface GetPerformanceMetricsUseCase {

    PerformanceReport performance(PerformanceRequest request);

    /**
     * What the caller asked; omitted bounds default to the last
     * {@link io.ruleworks.domain.statistics.PerformanceQuery#DEFAULT_RANGE} before {@code to} (or now),
     * {@code groupBy} to day, {@code metrics} to all of them.
     */
    record PerformanceRequest(Caller caller, Optional<Instant> from, Optional<Instant> to,
                              Optional<Granularity> groupBy, Set<RuleId> ruleIds, Set<PerformanceMetric> metrics) {

        public PerformanceRequest {
            ruleIds = Set.copyOf(ruleIds);
            metrics = Set.copyOf(metrics);
        }
    }
}
