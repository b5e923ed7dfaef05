package io.ruleworks.adapter.out.persistence.statistics;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.ruleworks.application.port.out.statistics.AutomationStatisticsReader;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.Granularity;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Both read the rollup of migration V12 (docs/performance.md, "Statistics rollup"): finished
 * executions from the rollup tables plus the deltas not folded yet, pending and running ones raw,
 * all in one statement, so one snapshot: every count and duration sum is exact. p95 comes from
 * duration histograms, within 1 % of the exact percentile. Performance over {@code rule_ids}
 * reads those rules' executions raw, from the V6 indexes ({@link #performanceSql}).
 */
@Singleton
public class PostgresAutomationStatistics implements AutomationStatisticsReader {

    /** Room for the per-bucket sorts of percentile_cont (raw path) without spilling to disk. */
    static final String WORK_MEM = "32MB";

    /** Non-terminal executions (never rolled up): few, behind the partial queue indexes of V1 and V3. */
    static final String UNFINISHED = "(status = 'pending' OR status = 'running')";

    static final String STATISTICS_SQL = """
            WITH delta AS MATERIALIZED (
                SELECT hour, automation_rule_id, status, trigger_type, n, duration_ms
                  FROM execution_stats_delta WHERE tenant = ?),
            unfinished AS MATERIALIZED (
                SELECT created_at AT TIME ZONE 'UTC' AS created, automation_rule_id, status, trigger_type, duration_ms
                  FROM automation_executions
                 WHERE tenant = ? AND %1$s),
            by_rule AS MATERIALIZED (
                SELECT automation_rule_id, status, trigger_type, sum(n) AS n,
                       sum(duration_sum)::float8 AS duration_sum, sum(duration_n) AS durations
                  FROM (SELECT automation_rule_id, status, trigger_type, n, duration_sum, duration_n
                          FROM execution_stats_rules WHERE tenant = ?
                        UNION ALL
                        SELECT automation_rule_id, status, trigger_type, n, n * duration_ms,
                               CASE WHEN duration_ms IS NULL THEN 0 ELSE n END
                          FROM delta
                        UNION ALL
                        SELECT automation_rule_id, status, trigger_type, 1, duration_ms,
                               CASE WHEN duration_ms IS NULL THEN 0 ELSE 1 END
                          FROM unfinished) e
                 GROUP BY automation_rule_id, status, trigger_type
                HAVING sum(n) <> 0),
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
                SELECT coalesce(sum(n) FILTER (WHERE hour >= ?), 0) AS executions_today,
                       coalesce(sum(n) FILTER (WHERE hour >= ?), 0) AS executions_this_week,
                       coalesce(sum(n) FILTER (WHERE hour >= ?), 0) AS executions_this_month
                  FROM (SELECT hour, n FROM execution_stats_hourly WHERE tenant = ? AND hour >= ?
                        UNION ALL
                        SELECT hour, n FROM delta WHERE hour >= ?
                        UNION ALL
                        SELECT created, 1 FROM unfinished WHERE created >= ?) e),
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
              FROM rule_counts, execution_counts, period_counts""".formatted(UNFINISHED);

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
                    return statistics(rs);
                }
            }
        });
    }

    /** Maps the one row of {@link #STATISTICS_SQL} (or of a statement with the same columns). */
    AutomationStatistics statistics(ResultSet rs) throws SQLException {
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

    static void bindStatistics(PreparedStatement ps, TenantId tenant, StatisticsPeriods periods) throws SQLException {
        LocalDateTime earliest = hour(periods.earliest());
        int i = 0;
        ps.setObject(++i, tenant.value());
        ps.setObject(++i, tenant.value());
        ps.setObject(++i, tenant.value());
        ps.setObject(++i, tenant.value());
        ps.setObject(++i, hour(periods.dayStart()));
        ps.setObject(++i, hour(periods.weekStart()));
        ps.setObject(++i, hour(periods.monthStart()));
        ps.setObject(++i, tenant.value());
        ps.setObject(++i, earliest);
        ps.setObject(++i, earliest);
        ps.setObject(++i, earliest);
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

    /**
     * The duration histogram of the whole range as rows {@code (t, bucket, n)}: the daily histogram
     * for the whole days {@code [d1, d2)}, the hourly one for the whole hours around them, the
     * un-folded deltas and the raw rows.
     */
    private static final String HISTOGRAM = """
            histogram AS (
                SELECT hour AS t, bucket, n FROM execution_stats_histogram
                 WHERE tenant = :tenant AND hour >= :h1 AND hour < :d1
                UNION ALL
                SELECT hour, bucket, n FROM execution_stats_histogram
                 WHERE tenant = :tenant AND hour >= :d2 AND hour < :h2
                UNION ALL
                SELECT day, bucket, n FROM execution_stats_histogram_daily
                 WHERE tenant = :tenant AND day >= :d1 AND day < :d2
                UNION ALL
                SELECT hour, execution_duration_bucket(duration_ms), n FROM delta WHERE duration_ms IS NOT NULL
                UNION ALL
                SELECT t, execution_duration_bucket(duration_ms), 1 FROM raw WHERE duration_ms IS NOT NULL)""";

    /**
     * The statement behind {@link #performance} without {@code rule_ids}: as {@link #performanceSql}
     * but over the rollup. The range {@code [from, to)} splits into whole UTC hours {@code [h1, h2)},
     * read from the hourly rollup plus the un-folded deltas plus the raw pending and running
     * executions, and the partial hours at either edge, read raw from the creation-time index.
     * p95 comes from the duration histograms ({@link #HISTOGRAM}); by hour, each hour's p95 is the
     * one the fold stored, recomputed only for the hours that un-folded deltas or raw rows add to.
     * It is within 1 % of the exact percentile (docs/api.md).
     */
    static NamedSql rollupPerformanceSql(PerformanceQuery query) {
        String p95;
        if (!query.wants(PerformanceMetric.P95_DURATION)) {
            p95 = """
                    p95 AS (SELECT NULL::timestamp AS bucket_start, 0 AS whole_range, NULL::float8 AS p95_ms WHERE false)""";
        } else if (query.groupBy() != Granularity.HOUR) {
            p95 = HISTOGRAM + """
                    ,
                    histogram_counts AS (
                        SELECT bucket_start, grouping(bucket_start) AS whole_range, bucket, sum(n) AS n
                          FROM (SELECT date_trunc(:unit, t) AS bucket_start, bucket, n FROM histogram) h
                         GROUP BY GROUPING SETS ((bucket_start, bucket), (bucket))),
                    p95 AS (
                        SELECT bucket_start, whole_range, execution_duration_p95(array_agg(bucket), array_agg(n)) AS p95_ms
                          FROM histogram_counts GROUP BY bucket_start, whole_range)""";
        } else {
            // per hour: the p95 the fold stored, unless deltas or raw rows add to the hour's histogram
            p95 = HISTOGRAM + """
                    ,
                    changed_hours AS (
                        SELECT hour FROM delta WHERE duration_ms IS NOT NULL
                        UNION
                        SELECT date_trunc('hour', t) FROM raw WHERE duration_ms IS NOT NULL),
                    p95 AS (
                        SELECT NULL::timestamp AS bucket_start, 1 AS whole_range,
                               execution_duration_p95(array_agg(bucket), array_agg(n)) AS p95_ms
                          FROM (SELECT bucket, sum(n) AS n FROM histogram GROUP BY bucket) h
                        UNION ALL
                        SELECT hour, 0, p95_ms FROM execution_stats_hourly_p95
                         WHERE tenant = :tenant AND hour >= :h1 AND hour < :h2
                           AND hour NOT IN (SELECT hour FROM changed_hours)
                        UNION ALL
                        SELECT hour, 0, execution_duration_p95(array_agg(bucket), array_agg(n))
                          FROM (SELECT hour, bucket, n::bigint AS n FROM execution_stats_histogram
                                 WHERE tenant = :tenant AND hour >= :h1 AND hour < :h2
                                   AND hour = ANY (ARRAY(SELECT hour FROM changed_hours))
                                UNION ALL
                                SELECT hour, execution_duration_bucket(duration_ms), n FROM delta
                                 WHERE duration_ms IS NOT NULL
                                UNION ALL
                                SELECT date_trunc('hour', t), execution_duration_bucket(duration_ms), 1 FROM raw
                                 WHERE duration_ms IS NOT NULL) h
                         GROUP BY hour)""";
        }
        return NamedSql.of("""
                WITH delta AS MATERIALIZED (
                    SELECT hour, status, n, duration_ms FROM execution_stats_delta
                     WHERE tenant = :tenant AND hour >= :h1 AND hour < :h2),
                raw AS MATERIALIZED (
                    SELECT created_at AT TIME ZONE 'UTC' AS t, status, duration_ms FROM automation_executions
                     WHERE tenant = :tenant AND created_at >= :from AND created_at < :head_end
                    UNION ALL
                    SELECT created_at AT TIME ZONE 'UTC', status, duration_ms FROM automation_executions
                     WHERE tenant = :tenant AND created_at >= :tail_start AND created_at < :to
                    UNION ALL
                    SELECT created_at AT TIME ZONE 'UTC', status, duration_ms FROM automation_executions
                     WHERE tenant = :tenant AND %s AND created_at >= :h1_at AND created_at < :h2_at),
                counts AS (
                    SELECT hour AS t, status, n, duration_sum, duration_n FROM execution_stats_hourly
                     WHERE tenant = :tenant AND hour >= :h1 AND hour < :h2
                    UNION ALL
                    SELECT hour, status, n, n * duration_ms, CASE WHEN duration_ms IS NULL THEN 0 ELSE n END FROM delta
                    UNION ALL
                    SELECT t, status, 1, duration_ms, CASE WHEN duration_ms IS NULL THEN 0 ELSE 1 END FROM raw),
                figures AS (
                    SELECT bucket_start, grouping(bucket_start) AS whole_range, sum(n) AS n,
                           coalesce(sum(n) FILTER (WHERE status = 'completed'), 0) AS successful,
                           coalesce(sum(n) FILTER (WHERE status IN ('failed', 'timeout')), 0) AS failed,
                           sum(duration_sum)::float8 / nullif(sum(duration_n), 0) AS avg_ms
                      FROM (SELECT date_trunc(:unit, t) AS bucket_start, status, n, duration_sum, duration_n
                              FROM counts) e
                     GROUP BY GROUPING SETS ((bucket_start), ())),
                %s,
                buckets AS (
                    SELECT b AS bucket_start, b + :step::interval AS bucket_end
                      FROM generate_series(date_trunc(:unit, :from::timestamptz AT TIME ZONE 'UTC'),
                                           (:to::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
                                           :step::interval) b)
                SELECT NULL::timestamp AS bucket_start, NULL::timestamp AS bucket_end,
                       f.n, f.successful, f.failed, f.avg_ms, (SELECT p95_ms FROM p95 WHERE whole_range = 1) AS p95_ms
                  FROM figures f WHERE f.whole_range = 1
                UNION ALL
                (SELECT b.bucket_start, b.bucket_end, f.n, f.successful, f.failed, f.avg_ms, p.p95_ms
                   FROM buckets b
                   LEFT JOIN figures f ON f.whole_range = 0 AND f.bucket_start = b.bucket_start
                   LEFT JOIN p95 p ON p.whole_range = 0 AND p.bucket_start = b.bucket_start
                  ORDER BY b.bucket_start)""".formatted(UNFINISHED, p95));
    }

    /** The values of {@link #rollupPerformanceSql}'s parameters: the range cut into raw edges, hours and days. */
    static Map<String, Object> rollupPerformanceParameters(TenantId tenant, PerformanceQuery query) {
        Instant from = query.from();
        Instant to = query.to();
        Instant h1 = ceil(from, ChronoUnit.HOURS);
        Instant h2 = to.truncatedTo(ChronoUnit.HOURS);
        Instant headEnd = h1;
        Instant tailStart = h2;
        if (!h1.isBefore(h2)) { // no whole hour inside: all of it raw
            h1 = h2;
            headEnd = to;
            tailStart = to;
        }
        Instant d1 = h2;
        Instant d2 = h2;
        if (ceil(h1, ChronoUnit.DAYS).isBefore(h2.truncatedTo(ChronoUnit.DAYS))) {
            d1 = ceil(h1, ChronoUnit.DAYS);
            d2 = h2.truncatedTo(ChronoUnit.DAYS);
        }
        Map<String, Object> values = new HashMap<>();
        values.put("tenant", tenant.value());
        values.put("unit", query.groupBy().wire());
        values.put("step", "1 " + query.groupBy().wire());
        values.put("from", utc(from));
        values.put("to", utc(to));
        values.put("head_end", utc(headEnd));
        values.put("tail_start", utc(tailStart));
        values.put("h1_at", utc(h1));
        values.put("h2_at", utc(h2));
        values.put("h1", hour(h1));
        values.put("h2", hour(h2));
        values.put("d1", hour(d1));
        values.put("d2", hour(d2));
        return values;
    }

    private static Instant ceil(Instant instant, ChronoUnit unit) {
        Instant floor = instant.truncatedTo(unit);
        return floor.equals(instant) ? floor : floor.plus(1, unit);
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
            try (PreparedStatement ps = prepare(c, tenant, query); ResultSet rs = ps.executeQuery()) {
                return performance(query, rs);
            }
        });
    }

    /** Maps the rows of a performance statement: the whole range's (no bucket start) and each bucket's. */
    static PerformanceReport performance(PerformanceQuery query, ResultSet rs) throws SQLException {
        PerformanceFigures summary = PerformanceFigures.NONE;
        List<PerformanceReport.Bucket> buckets = new ArrayList<>();
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
        return new PerformanceReport(query, summary, buckets);
    }

    /** With rule_ids: raw, from the rules' executions; without: from the rollup. */
    private static PreparedStatement prepare(Connection c, TenantId tenant, PerformanceQuery query) throws SQLException {
        if (!query.ruleIds().isEmpty()) {
            PreparedStatement ps = c.prepareStatement(performanceSql(query));
            bindPerformance(c, ps, tenant, query);
            return ps;
        }
        NamedSql sql = rollupPerformanceSql(query);
        PreparedStatement ps = c.prepareStatement(sql.sql());
        sql.bind(ps, rollupPerformanceParameters(tenant, query));
        return ps;
    }

    /**
     * For this read-only transaction only: enough memory for the percentile sorts, and no JIT
     * compilation (on a long range the planner's cost passes jit_above_cost, and compiling the
     * expressions costs more than the scan it would speed up).
     */
    static void tune(Connection c) throws SQLException {
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

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The UTC wall-clock time the rollup tables key on ({@code timestamp}, not {@code timestamptz}). */
    private static LocalDateTime hour(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
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
