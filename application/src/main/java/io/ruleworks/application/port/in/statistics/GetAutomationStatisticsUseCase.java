package io.ruleworks.application.port.in.statistics;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.statistics.AutomationStatistics;

/** GET /statistics: the caller's tenant's rules and executions at a glance. */
public interface GetAutomationStatisticsUseCase {

    AutomationStatistics statistics(Caller caller);
}
