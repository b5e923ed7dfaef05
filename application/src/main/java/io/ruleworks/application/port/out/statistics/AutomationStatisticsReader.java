package io.ruleworks.application.port.out.statistics;

import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;
import io.ruleworks.domain.statistics.StatisticsPeriods;

/** Aggregates over one tenant's rules and executions, computed where the data lives. */
public interface AutomationStatisticsReader {

    AutomationStatistics statistics(TenantId tenant, StatisticsPeriods periods);

    /** Every bucket of the range, empty ones included, oldest first. */
    PerformanceReport performance(TenantId tenant, PerformanceQuery query);
}
