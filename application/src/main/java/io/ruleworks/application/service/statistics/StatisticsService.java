package io.ruleworks.application.service.statistics;

import io.ruleworks.application.port.in.statistics.GetAutomationStatisticsUseCase;
import io.ruleworks.application.port.in.statistics.GetPerformanceMetricsUseCase;
import io.ruleworks.application.port.out.statistics.AutomationStatisticsReader;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.ValidationException;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;
import io.ruleworks.domain.statistics.StatisticsPeriods;

import java.time.Clock;
import java.time.Instant;

/** Tenant statistics and performance metrics; both need automation:read. */
public final class StatisticsService implements GetAutomationStatisticsUseCase, GetPerformanceMetricsUseCase {

    private final AutomationStatisticsReader reader;
    private final Clock clock;

    public StatisticsService(AutomationStatisticsReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public AutomationStatistics statistics(Caller caller) {
        caller.require(Permission.READ);
        return reader.statistics(caller.tenant(), StatisticsPeriods.at(clock.instant()));
    }

    @Override
    public PerformanceReport performance(PerformanceRequest request) {
        request.caller().require(Permission.READ);
        Instant to = request.to().orElseGet(clock::instant);
        Instant from = request.from().orElseGet(() -> to.minus(PerformanceQuery.DEFAULT_RANGE));
        if (request.to().isEmpty() && !from.isBefore(to)) {
            throw ValidationException.of("date_from", "must be in the past when date_to is omitted");
        }
        PerformanceQuery query = new PerformanceQuery(from, to, request.groupBy().orElse(Granularity.DAY),
                request.ruleIds(), request.metrics());
        return reader.performance(request.caller().tenant(), query);
    }
}
