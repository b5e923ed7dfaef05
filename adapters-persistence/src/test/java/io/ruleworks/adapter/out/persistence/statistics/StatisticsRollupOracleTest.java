package io.ruleworks.adapter.out.persistence.statistics;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceFigures;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;
import io.ruleworks.domain.statistics.StatisticsPeriods;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollup against the oracle: for randomized execution histories (executions created over five
 * weeks, claimed, heart-beaten, completed, failed, timed out, retried back to pending long after,
 * cancelled, dry runs inserted straight into a finished status, rules deleted with their
 * executions), every figure of {@code GET /statistics} and {@code GET /performance} read from the
 * rollup equals the one computed from the raw rows — before any fold, after a fold, and with folds
 * interleaved — except p95, which is within the histogram's documented 1 %.
 *
 * <p>Each seed writes the history of tenants of its own, in the test's own database, next to another
 * tenant whose history must never leak in. A failing seed is named in the assertion message.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class StatisticsRollupOracleTest extends FreshDatabaseTest {

    /** The histogram's bound (sqrt(1.02) - 1 = 0.995 %), plus the rounding of both figures to 0.01 ms. */
    static final double P95_RELATIVE_ERROR = 0.00995;

    private static final Instant START = Instant.parse("2026-02-10T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(35);
    private static final List<String> FINISHED = List.of("completed", "failed", "timeout", "skipped", "cancelled");
    private static final List<String> TRIGGERS = List.of("manual", "event_based", "webhook");

    @Inject
    PostgresAutomationStatistics reader;

    @Inject
    PostgresStatisticsRollup rollup;

    @Inject
    JdbcTransactions transactions;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void the_rollup_gives_the_figures_of_the_raw_rows_before_after_and_between_folds(long seed) throws SQLException {
        History history = new History(new Random(seed));
        TenantId tenant = history.tenant();
        TenantId neighbour = history.tenant();
        List<RuleId> rules = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rules.add(history.rule(tenant));
        }
        RuleId neighbours = history.rule(neighbour);

        for (int round = 0; round < 12; round++) {
            history.changeSome(tenant, rules, 60);
            history.changeSome(neighbour, List.of(neighbours), 10);
            if (round % 4 == 3) {
                RuleId deleted = rules.remove(history.random.nextInt(rules.size()));
                sql.update("DELETE FROM automation_rules WHERE tenant = ? AND rule_id = ?", tenant.value(), deleted.value());
                rules.add(history.rule(tenant));
            }
            compare(seed + "/" + round + " before folding", tenant, history.random);
            if (history.random.nextBoolean()) {
                transactions.inTransaction(rollup::fold);
                compare(seed + "/" + round + " after folding", tenant, history.random);
            }
        }
        transactions.inTransaction(rollup::fold);
        assertThat(sql.count("SELECT count(*) FROM execution_stats_delta")).isZero();
        compare(seed + " all folded", tenant, history.random);
    }

    private void compare(String when, TenantId tenant, Random random) throws SQLException {
        RawStatisticsOracle oracle = new RawStatisticsOracle(sql, reader);
        Instant now = START.plus(Duration.ofMinutes(random.nextLong(SPAN.toMinutes() + 600)));
        StatisticsPeriods periods = StatisticsPeriods.at(now);

        assertThat(reader.statistics(tenant, periods)).as(when + ": statistics at " + now)
                .isEqualTo(oracle.statistics(tenant, periods));

        for (Granularity groupBy : Granularity.values()) {
            PerformanceQuery query = randomQuery(random, groupBy);
            assertSameFigures(when + ": " + query, reader.performance(tenant, query), oracle.performance(tenant, query));
        }
        PerformanceQuery wholeHours = new PerformanceQuery(START.plus(Duration.ofHours(random.nextInt(200))),
                START.plus(SPAN), Granularity.DAY, Set.of(), Set.of());
        assertSameFigures(when + ": " + wholeHours, reader.performance(tenant, wholeHours),
                oracle.performance(tenant, wholeHours));
    }

    private static PerformanceQuery randomQuery(Random random, Granularity groupBy) {
        long spanMinutes = groupBy == Granularity.HOUR ? 5 * 24 * 60 : SPAN.toMinutes() + 2 * 24 * 60;
        Instant from = START.minus(Duration.ofDays(1)).plus(Duration.ofSeconds(random.nextLong(spanMinutes * 60)));
        Instant to = from.plus(Duration.ofSeconds(1 + random.nextLong(spanMinutes * 60)));
        if (random.nextInt(4) == 0) { // sometimes a range of less than an hour
            to = from.plus(Duration.ofSeconds(1 + random.nextInt(3_600)));
        }
        return new PerformanceQuery(from, to, groupBy, Set.of(), Set.of());
    }

    private static void assertSameFigures(String what, PerformanceReport actual, PerformanceReport expected) {
        assertThat(actual.buckets()).as(what).hasSameSizeAs(expected.buckets());
        assertSameFigures(what + " whole range", actual.summary(), expected.summary());
        for (int i = 0; i < expected.buckets().size(); i++) {
            PerformanceReport.Bucket bucket = expected.buckets().get(i);
            assertThat(actual.buckets().get(i).start()).as(what).isEqualTo(bucket.start());
            assertThat(actual.buckets().get(i).end()).as(what).isEqualTo(bucket.end());
            assertSameFigures(what + " bucket " + bucket.start(), actual.buckets().get(i).figures(), bucket.figures());
        }
    }

    public static void assertSameFigures(String what, PerformanceFigures actual, PerformanceFigures expected) {
        assertThat(new PerformanceFigures(actual.executions(), actual.successful(), actual.failed(),
                actual.averageDurationMs(), Optional.empty())).as(what)
                .isEqualTo(new PerformanceFigures(expected.executions(), expected.successful(), expected.failed(),
                        expected.averageDurationMs(), Optional.empty()));
        assertThat(actual.p95DurationMs().isPresent()).as(what + " p95 present").isEqualTo(expected.p95DurationMs().isPresent());
        expected.p95DurationMs().ifPresent(exact -> assertThat(actual.p95DurationMs().orElseThrow())
                .as(what + " p95 within 1 % of " + exact).isBetween(exact * (1 - P95_RELATIVE_ERROR) - 0.01,
                        exact * (1 + P95_RELATIVE_ERROR) + 0.01));
    }

    /** Writes a random history, statement by statement as the engine would, on connections of its own. */
    private final class History {

        final Random random;

        History(Random random) {
            this.random = random;
        }

        TenantId tenant() {
            TenantId tenant = new TenantId(UUID.randomUUID());
            sql.update("INSERT INTO tenants (tenant, name, created_at) VALUES (?, 'oracle', now())", tenant.value());
            return tenant;
        }

        RuleId rule(TenantId tenant) {
            RuleId rule = RuleId.newId();
            sql.update("""
                    INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                                  actions, notification_settings, created_at, updated_at)
                    VALUES (?, ?, 'rule', ?, 'normal', ?, '{}', ?::jsonb, '{}', now(), now())""",
                    tenant.value(), rule.value(), pick(List.of("active", "inactive", "draft")), pick(TRIGGERS),
                    "[{\"type\": \"" + pick(List.of("webhook_call", "email_notification")) + "\", \"order\": 1, \"config\": {}}]");
            return rule;
        }

        void changeSome(TenantId tenant, List<RuleId> rules, int changes) {
            for (int i = 0; i < changes; i++) {
                switch (random.nextInt(10)) {
                    case 0, 1, 2 -> insert(tenant, pick(rules), "pending", null);
                    case 3 -> insert(tenant, pick(rules), pick(FINISHED), duration()); // a dry run, or a skip
                    case 4 -> move(tenant, "pending", "status = 'running', lease_owner = 'w', heartbeat_at = now()");
                    case 5 -> move(tenant, "running", "heartbeat_at = now(), logs = logs || '[{\"m\": 1}]'");
                    case 6 -> move(tenant, "running", "status = 'completed', duration_ms = " + duration());
                    case 7 -> move(tenant, "running", "status = '" + pick(List.of("failed", "timeout")) + "', duration_ms = "
                            + (random.nextInt(5) == 0 ? "NULL" : duration()));
                    case 8 -> move(tenant, pick(List.of("failed", "timeout")),
                            "status = 'pending', duration_ms = NULL, retry_count = retry_count + 1");
                    default -> move(tenant, "pending", "status = 'cancelled'");
                }
            }
        }

        private void insert(TenantId tenant, RuleId rule, String status, Long durationMs) {
            Instant created = START.plus(Duration.ofSeconds(random.nextLong(SPAN.toSeconds())))
                    .plusNanos(random.nextInt(1_000_000) * 1_000L);
            sql.update("""
                    INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                       priority_rank, duration_ms, created_at, updated_at, available_at)
                    VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, ?)""",
                    tenant.value(), UUID.randomUUID(), rule.value(), pick(TRIGGERS), status, durationMs, created, created,
                    created);
        }

        /** Changes one random execution of the tenant in {@code status}, if there is one. */
        private void move(TenantId tenant, String status, String set) {
            sql.update("UPDATE automation_executions SET " + set + ", updated_at = now() WHERE (tenant, execution_id) = "
                    + "(SELECT tenant, execution_id FROM automation_executions WHERE tenant = ? AND status = ? "
                    + "ORDER BY md5(execution_id::text || ?) LIMIT 1)", tenant.value(), status, random.nextInt());
        }

        private Long duration() {
            return switch (random.nextInt(4)) {
                case 0 -> (long) random.nextInt(64);            // the exact buckets
                case 1 -> 64L + random.nextInt(1_000);
                case 2 -> (long) Math.exp(random.nextDouble() * Math.log(3_600_000));
                default -> random.nextInt(3) == 0 ? 0L : 100L * (1 + random.nextInt(5)); // ties
            };
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}
