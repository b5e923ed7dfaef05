package io.ruleworks.adapter.out.persistence.statistics;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.statistics.StatisticsRollup;
import jakarta.inject.Singleton;

/**
 * Moves the deltas that migration V12's triggers append to {@code execution_stats_delta} (one per
 * change of a finished execution) into the rollup tables, in the caller's transaction: one
 * statement deletes every delta its snapshot sees and adds them up into the hourly, per-rule and
 * histogram rows (upserts in key order) and recomputes the p95 of every hour whose histogram it
 * changed; a second deletes the rows that reached zero.
 *
 * <p>Folds of several instances take turns on a transaction-scoped advisory lock, so each
 * statement's snapshot sees the previous fold committed; a delta is folded exactly once either way
 * (a concurrent delete of the same row waits and then skips it). Deltas committed while a fold
 * runs are left for the next one.
 */
@Singleton
public class PostgresStatisticsRollup implements StatisticsRollup {

    static final long FOLD_LOCK = 0x5257535441545331L; // "RWSTATS1"

    static final String FOLD_SQL = """
            WITH moved AS (DELETE FROM execution_stats_delta RETURNING *),
            hourly AS (
                INSERT INTO execution_stats_hourly AS t (tenant, hour, status, n, duration_sum, duration_n)
                SELECT tenant, hour, status, sum(n), coalesce(sum(n * duration_ms), 0),
                       coalesce(sum(n) FILTER (WHERE duration_ms IS NOT NULL), 0)
                  FROM moved GROUP BY tenant, hour, status ORDER BY tenant, hour, status
                    ON CONFLICT (tenant, hour, status) DO UPDATE
                   SET n = t.n + excluded.n, duration_sum = t.duration_sum + excluded.duration_sum,
                       duration_n = t.duration_n + excluded.duration_n
                RETURNING 1),
            rules AS (
                INSERT INTO execution_stats_rules AS t (tenant, automation_rule_id, status, trigger_type, n, duration_sum,
                                                       duration_n)
                SELECT tenant, automation_rule_id, status, trigger_type, sum(n), coalesce(sum(n * duration_ms), 0),
                       coalesce(sum(n) FILTER (WHERE duration_ms IS NOT NULL), 0)
                  FROM moved GROUP BY tenant, automation_rule_id, status, trigger_type
                 ORDER BY tenant, automation_rule_id, status, trigger_type
                    ON CONFLICT (tenant, automation_rule_id, status, trigger_type) DO UPDATE
                   SET n = t.n + excluded.n, duration_sum = t.duration_sum + excluded.duration_sum,
                       duration_n = t.duration_n + excluded.duration_n
                RETURNING 1),
            histogram AS (
                INSERT INTO execution_stats_histogram AS t (tenant, hour, bucket, n)
                SELECT tenant, hour, execution_duration_bucket(duration_ms), sum(n)
                  FROM moved WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    ON CONFLICT (tenant, hour, bucket) DO UPDATE SET n = t.n + excluded.n
                RETURNING t.tenant, t.hour, t.bucket, t.n),
            -- the new histogram of every hour it changed: the rows just written, and the others as they were
            changed_hours AS (SELECT DISTINCT tenant, hour FROM histogram),
            hour_histograms AS (
                SELECT tenant, hour, bucket, n FROM histogram
                UNION ALL
                SELECT h.tenant, h.hour, h.bucket, h.n
                  FROM execution_stats_histogram h JOIN changed_hours USING (tenant, hour)
                 WHERE NOT EXISTS (SELECT FROM histogram x
                                    WHERE x.tenant = h.tenant AND x.hour = h.hour AND x.bucket = h.bucket)),
            hourly_p95 AS (
                INSERT INTO execution_stats_hourly_p95 AS t (tenant, hour, p95_ms)
                SELECT tenant, hour, execution_duration_p95(array_agg(bucket), array_agg(n::bigint))
                  FROM hour_histograms GROUP BY tenant, hour ORDER BY tenant, hour
                    ON CONFLICT (tenant, hour) DO UPDATE SET p95_ms = excluded.p95_ms
                RETURNING 1),
            histogram_daily AS (
                INSERT INTO execution_stats_histogram_daily AS t (tenant, day, bucket, n)
                SELECT tenant, date_trunc('day', hour), execution_duration_bucket(duration_ms), sum(n)
                  FROM moved WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                    ON CONFLICT (tenant, day, bucket) DO UPDATE SET n = t.n + excluded.n
                RETURNING 1)
            SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM hourly), (SELECT count(*) FROM rules),
                   (SELECT count(*) FROM histogram), (SELECT count(*) FROM histogram_daily),
                   (SELECT count(*) FROM hourly_p95)""";

    static final String PRUNE_SQL = """
            DELETE FROM execution_stats_hourly WHERE n = 0;
            DELETE FROM execution_stats_rules WHERE n = 0;
            DELETE FROM execution_stats_histogram WHERE n = 0;
            DELETE FROM execution_stats_histogram_daily WHERE n = 0;
            DELETE FROM execution_stats_hourly_p95 WHERE p95_ms IS NULL""";

    private final Jdbc jdbc;

    public PostgresStatisticsRollup(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int fold() {
        return jdbc.run(c -> {
            try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, FOLD_LOCK);
                lock.execute();
            }
            int folded;
            try (var fold = c.prepareStatement(FOLD_SQL); var rs = fold.executeQuery()) {
                rs.next();
                folded = rs.getInt(1);
            }
            if (folded > 0) {
                try (var prune = c.createStatement()) {
                    prune.execute(PRUNE_SQL);
                }
            }
            return folded;
        });
    }
}
