package io.ruleworks.adapter.out.persistence;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.ruleworks.application.port.out.AutomationStatisticsReader;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.PerformanceFigures;
import io.ruleworks.domain.statistics.PerformanceMetric;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;
import io.ruleworks.domain.statistics.StatisticsPeriods;
import io.ruleworks.domain.statistics.UsageCount;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Statistics and performance figures, aggregated by PostgreSQL in one statement each, in a
 * read-only transaction. Every statement is bounded to one tenant; the time-bounded ones to a range
 * of {@code created_at} (when the execution was triggered: it never changes, unlike
 * {@code started_at}, which a retry clears). Buckets are cut in UTC.
 *
 * <p>Both statements read the indexes of migration V6 index-only; see docs/performance.md.
 */
@Singleton
public class PostgresAutomationStatistics implements AutomationStatisticsReader {

    /** Room for the per-bucket sorts of percentile_cont over a long range without spilling to disk. */
    static final String WORK_MEM = "32MB";

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

    private final TransactionOperations<Connection> transactions;
    private final Jdbc jdbc;

    public PostgresAutomationStatistics(TransactionOperations<Connection> transactions, Jdbc jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public AutomationStatistics statistics(TenantId tenant, StatisticsPeriods periods) {
        return read(c -> {
            tune(c);
            try (PreparedStatement ps = c.prepareStatement(STATISTICS_SQL)) {
                bindStatistics(ps, tenant, periods);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    double avg = rs.getDouble("avg_duration_ms");
                    Optional<Double> average = rs.wasNull() ? Optional.empty() : Optional.of(round2(avg));
                    return new AutomationStatistics(
                            new AutomationStatistics.RuleCounts(rs.getLong("total_rules"), rs.getLong("active_rules"),
                                    rs.getLong("inactive_rules"), rs.getLong("draft_rules"), rs.getLong("error_rules")),
                            rs.getLong("total_executions"), rs.getLong("successful_executions"),
                            rs.getLong("failed_executions"), rs.getLong("executions_today"),
                            rs.getLong("executions_this_week"), rs.getLong("executions_this_month"), average,
                            usage(rs.getString("trigger_types")), usage(rs.getString("action_types")));
                }
            }
        });
    }

    static void bindStatistics(PreparedStatement ps, TenantId tenant, StatisticsPeriods periods) throws SQLException {
        ps.setObject(1, tenant.value());
        ps.setObject(2, tenant.value());
        ps.setObject(3, utc(periods.dayStart()));
        ps.setObject(4, utc(periods.weekStart()));
        ps.setObject(5, utc(periods.monthStart()));
        ps.setObject(6, tenant.value());
        ps.setObject(7, utc(periods.earliest()));
    }

    private List<UsageCount> usage(String json) {
        List<UsageCount> counts = new ArrayList<>();
        for (Object o : jdbc.jsonArray(json)) {
            Map<?, ?> m = (Map<?, ?>) o;
            counts.add(new UsageCount((String) m.get("type"), ((Number) m.get("executions")).longValue(),
                    ((Number) m.get("rules")).longValue()));
        }
        return counts;
    }

    /**
     * The statement behind {@link #performance}: every bucket of the range (a generated series, so
     * empty buckets are rows too), left-joined to the figures grouped per bucket, plus one row for
     * the whole range (the empty grouping set) first.
     */
    static String performanceSql(PerformanceQuery query) {
        String p95 = query.wants(PerformanceMetric.P95_DURATION)
                ? "percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)" : "NULL::float8";
        String rules = query.ruleIds().isEmpty() ? "" : " AND automation_rule_id = ANY (?)";
        return """
                WITH figures AS (
                    SELECT bucket_start, grouping(bucket_start) AS whole_range, count(*) AS n,
                           count(*) FILTER (WHERE status = 'completed') AS successful,
                           count(*) FILTER (WHERE status IN ('failed', 'timeout')) AS failed,
                           avg(duration_ms::float8) AS avg_ms, %s AS p95_ms
                      FROM (SELECT date_trunc(?, created_at AT TIME ZONE 'UTC') AS bucket_start, status, duration_ms
                              FROM automation_executions
                             WHERE tenant = ? AND created_at >= ? AND created_at < ?%s) e
                     GROUP BY GROUPING SETS ((bucket_start), ())),
                buckets AS (
                    SELECT b AS bucket_start, b + ?::interval AS bucket_end
                      FROM generate_series(date_trunc(?, ?::timestamptz AT TIME ZONE 'UTC'),
                                           (?::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
                                           ?::interval) b)
                SELECT NULL::timestamp AS bucket_start, NULL::timestamp AS bucket_end,
                       n, successful, failed, avg_ms, p95_ms
                  FROM figures WHERE whole_range = 1
                UNION ALL
                (SELECT b.bucket_start, b.bucket_end, f.n, f.successful, f.failed, f.avg_ms, f.p95_ms
                   FROM buckets b LEFT JOIN figures f ON f.whole_range = 0 AND f.bucket_start = b.bucket_start
                  ORDER BY b.bucket_start)""".formatted(p95, rules);
    }

    static void bindPerformance(Connection c, PreparedStatement ps, TenantId tenant, PerformanceQuery query)
            throws SQLException {
        String unit = query.groupBy().wire();
        String step = "1 " + unit;
        int i = 0;
        ps.setString(++i, unit);
        ps.setObject(++i, tenant.value());
        ps.setObject(++i, utc(query.from()));
        ps.setObject(++i, utc(query.to()));
        if (!query.ruleIds().isEmpty()) {
            ps.setArray(++i, c.createArrayOf("uuid", query.ruleIds().stream().map(RuleId::value).toArray(UUID[]::new)));
        }
        ps.setString(++i, step);
        ps.setString(++i, unit);
        ps.setObject(++i, utc(query.from()));
        ps.setObject(++i, utc(query.to()));
        ps.setString(++i, step);
    }

    @Override
    public PerformanceReport performance(TenantId tenant, PerformanceQuery query) {
        return read(c -> {
            tune(c);
            try (PreparedStatement ps = c.prepareStatement(performanceSql(query))) {
                bindPerformance(c, ps, tenant, query);
                PerformanceFigures summary = PerformanceFigures.NONE;
                List<PerformanceReport.Bucket> buckets = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LocalDateTime start = rs.getObject("bucket_start", LocalDateTime.class);
                        PerformanceFigures figures = figures(rs);
                        if (start == null) {
                            summary = figures;
                        } else {
                            buckets.add(new PerformanceReport.Bucket(start.toInstant(ZoneOffset.UTC),
                                    rs.getObject("bucket_end", LocalDateTime.class).toInstant(ZoneOffset.UTC), figures));
                        }
                    }
                }
                return new PerformanceReport(query, summary, buckets);
            }
        });
    }

    /**
     * For this read-only transaction only: enough memory for the percentile sorts, and no JIT
     * compilation (on a long range the planner's cost passes jit_above_cost, and compiling the
     * expressions costs more than the scan it would speed up).
     */
    private static void tune(Connection c) throws SQLException {
        try (var set = c.createStatement()) {
            set.execute("SET LOCAL work_mem = '" + WORK_MEM + "'; SET LOCAL jit = off");
        }
    }

    private static PerformanceFigures figures(ResultSet rs) throws SQLException {
        long n = rs.getLong("n");
        if (rs.wasNull()) {
            return PerformanceFigures.NONE;
        }
        return new PerformanceFigures(n, rs.getLong("successful"), rs.getLong("failed"),
                nullableDouble(rs, "avg_ms"), nullableDouble(rs, "p95_ms"));
    }

    private static Optional<Double> nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(round2(value));
    }

    private static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private <R> R read(SqlWork<R> work) {
        try {
            return transactions.execute(TransactionDefinition.READ_ONLY, status -> {
                try {
                    return work.run(status.getConnection());
                } catch (SQLException e) {
                    throw new io.micronaut.data.exceptions.DataAccessException("statistics query failed", e);
                }
            });
        } catch (RuntimeException e) {
            throw Jdbc.translate(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<R> {
        R run(Connection connection) throws SQLException;
    }
}
