package io.ruleworks.adapter.out.persistence.statistics;

import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;
import io.ruleworks.domain.statistics.StatisticsPeriods;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The statistics and performance figures computed straight from {@code automation_executions}, as
 * the reader did before the rollup (migration V6's statements, exact p95 by percentile_cont): the
 * oracle the rollup is checked against. Mapped by the reader's own row mappers.
 */
public final class RawStatisticsOracle {

    static final String STATISTICS_SQL = """
            WITH by_rule AS MATERIALIZED (
                SELECT automation_rule_id, status, trigger_type, count(*) AS n,
                       sum(duration_ms::float8) AS duration_sum, count(duration_ms) AS durations
                  FROM automation_executions
                 WHERE tenant = ?
                 GROUP BY automation_rule_id, status, trigger_type),
            rule_rows AS MATERIALIZED (
                SELECT rule_id, status, trigger_type, actions FROM automation_rules WHERE tenant = ?),
            rule_counts AS (
                SELECT count(*) AS total_rules,
                       count(*) FILTER (WHERE status = 'active') AS active_rules,
                       count(*) FILTER (WHERE status = 'inactive') AS inactive_rules,
                       count(*) FILTER (WHERE status = 'draft') AS draft_rules,
                       count(*) FILTER (WHERE status = 'error') AS error_rules
                  FROM rule_rows),
            execution_counts AS (
                SELECT coalesce(sum(n), 0) AS total_executions,
                       coalesce(sum(n) FILTER (WHERE status = 'completed'), 0) AS successful_executions,
                       coalesce(sum(n) FILTER (WHERE status IN ('failed', 'timeout')), 0) AS failed_executions,
                       sum(duration_sum) / nullif(sum(durations), 0) AS avg_duration_ms
                  FROM by_rule),
            period_counts AS (
                SELECT count(*) FILTER (WHERE created_at >= ?) AS executions_today,
                       count(*) FILTER (WHERE created_at >= ?) AS executions_this_week,
                       count(*) FILTER (WHERE created_at >= ?) AS executions_this_month
                  FROM automation_executions
                 WHERE tenant = ? AND created_at >= ?),
            trigger_use AS (
                SELECT trigger_type AS type, coalesce(e.n, 0) AS executions, coalesce(r.n, 0) AS rules
                  FROM (SELECT trigger_type, sum(n) AS n FROM by_rule GROUP BY trigger_type) e
                  FULL JOIN (SELECT trigger_type, count(*) AS n FROM rule_rows GROUP BY trigger_type) r
                 USING (trigger_type)),
            action_use AS (
                SELECT a.type, coalesce(sum(p.n), 0) AS executions, count(*) AS rules
                  FROM rule_rows r
                 CROSS JOIN LATERAL (SELECT DISTINCT x ->> 'type' AS type FROM jsonb_array_elements(r.actions) x) a
                  LEFT JOIN (SELECT automation_rule_id, sum(n) AS n FROM by_rule GROUP BY automation_rule_id) p
                    ON p.automation_rule_id = r.rule_id
                 WHERE a.type IS NOT NULL
                 GROUP BY a.type)
            SELECT rule_counts.*, execution_counts.*, period_counts.*,
                   (SELECT coalesce(json_agg(json_build_object('type', type, 'executions', executions, 'rules', rules)
                                             ORDER BY executions DESC, rules DESC, type), '[]')
                      FROM trigger_use) AS trigger_types,
                   (SELECT coalesce(json_agg(json_build_object('type', type, 'executions', executions, 'rules', rules)
                                             ORDER BY executions DESC, rules DESC, type), '[]')
                      FROM action_use) AS action_types
              FROM rule_counts, execution_counts, period_counts""";


    private final DirectSql sql;
    private final PostgresAutomationStatistics reader;

    public RawStatisticsOracle(DirectSql sql, PostgresAutomationStatistics reader) {
        this.sql = sql;
        this.reader = reader;
    }

    public AutomationStatistics statistics(TenantId tenant, StatisticsPeriods periods) throws SQLException {
        try (Connection c = sql.connect(); PreparedStatement ps = c.prepareStatement(STATISTICS_SQL)) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, tenant.value());
            ps.setObject(3, utc(periods.dayStart()));
            ps.setObject(4, utc(periods.weekStart()));
            ps.setObject(5, utc(periods.monthStart()));
            ps.setObject(6, tenant.value());
            ps.setObject(7, utc(periods.earliest()));
            try (ResultSet rs = ps.executeQuery()) {
                return reader.statistics(rs);
            }
        }
    }

    /** The raw path the reader still takes with rule_ids, here for any query. */
    public PerformanceReport performance(TenantId tenant, PerformanceQuery query) throws SQLException {
        try (Connection c = sql.connect();
             PreparedStatement ps = c.prepareStatement(PostgresAutomationStatistics.performanceSql(query))) {
            PostgresAutomationStatistics.bindPerformance(c, ps, tenant, query);
            try (ResultSet rs = ps.executeQuery()) {
                return PostgresAutomationStatistics.performance(query, rs);
            }
        }
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
