package io.ruleworks.application.port.out;

import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

public interface AutomationExecutionRepository {

    ExecutionStatistics statisticsFor(TenantId tenant, RuleId rule);

    /** Whether the rule has executions that are pending or running. */
    boolean hasInFlightExecutions(TenantId tenant, RuleId rule);
}
