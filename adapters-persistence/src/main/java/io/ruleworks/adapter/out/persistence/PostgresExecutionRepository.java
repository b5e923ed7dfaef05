package io.ruleworks.adapter.out.persistence;

import io.ruleworks.application.port.out.AutomationExecutionRepository;
import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.util.Optional;

@Singleton
public class PostgresExecutionRepository implements AutomationExecutionRepository {

    private final Jdbc jdbc;

    public PostgresExecutionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ExecutionStatistics statisticsFor(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("""
                    SELECT count(*) AS total,
                           count(*) FILTER (WHERE status = 'completed') AS successful,
                           count(*) FILTER (WHERE status IN ('failed', 'timeout')) AS failed,
                           count(*) FILTER (WHERE status IN ('pending', 'running')) AS in_flight,
                           avg(duration_ms) FILTER (WHERE duration_ms IS NOT NULL) AS avg_duration,
                           max(coalesce(started_at, created_at)) AS last_execution
                      FROM automation_executions
                     WHERE tenant = ? AND automation_rule_id = ?""")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    double avg = rs.getDouble("avg_duration");
                    Optional<Double> average = rs.wasNull() ? Optional.empty() : Optional.of(Math.round(avg * 100) / 100.0);
                    return new ExecutionStatistics(rs.getLong("total"), rs.getLong("successful"), rs.getLong("failed"),
                            rs.getLong("in_flight"), average, Jdbc.instant(rs, "last_execution"));
                }
            }
        });
    }

    @Override
    public boolean hasInFlightExecutions(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM automation_executions "
                    + "WHERE tenant = ? AND automation_rule_id = ? AND status IN ('pending', 'running'))")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }
}
