package io.ruleworks.adapter.out.persistence.statistics;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
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
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statistics and performance figures over a small dataset whose every expected figure is worked
 * out by hand in the comments (p95 within the histogram's 1 %). The executions are read from the
 * recorded deltas until a test folds them, and from the rollup after. "Now" is Wednesday 2026-03-18 10:30 UTC: today began 03-18 00:00,
 * the ISO week on Monday 03-16, the month on 03-01.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresAutomationStatisticsTest extends FreshDatabaseTest {

    private static final Instant NOW = Instant.parse("2026-03-18T10:30:00Z");
    private static final TenantId A = new TenantId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"));
    private static final TenantId B = new TenantId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"));
    private static final RuleId R1 = new RuleId(UUID.fromString("00000000-0000-4000-8000-000000000001"));
    private static final RuleId R2 = new RuleId(UUID.fromString("00000000-0000-4000-8000-000000000002"));
    private static final RuleId R3 = new RuleId(UUID.fromString("00000000-0000-4000-8000-000000000003"));
    private static final RuleId R4 = new RuleId(UUID.fromString("00000000-0000-4000-8000-000000000004"));
    private static final RuleId RB = new RuleId(UUID.fromString("00000000-0000-4000-8000-0000000000bb"));

    @Inject
    PostgresAutomationStatistics reader;

    @Inject
    PostgresStatisticsRollup rollup;

    @Inject
    JdbcTransactions transactions;

    @BeforeAll
    void seed() {
        sql.update("INSERT INTO tenants (tenant, name, created_at) VALUES (?, 'A', now()), (?, 'B', now())",
                A.value(), B.value());
        rule(A, R1, "active", "event_based", "webhook_call", "email_notification");
        rule(A, R2, "inactive", "manual", "webhook_call", "webhook_call"); // a type counts once per rule
        rule(A, R3, "draft", "time_based", "email_notification");
        rule(A, R4, "error", "manual", "sms_notification");                // never executed
        rule(B, RB, "active", "webhook", "webhook_call");

        execution(A, R1, "event_based", "completed", "2026-03-18T09:00:00Z", 100L);  // #1 today
        execution(A, R1, "event_based", "completed", "2026-03-17T12:00:00Z", 300L);  // #2 this week
        execution(A, R1, "manual", "failed", "2026-03-16T00:00:00Z", 500L);          // #3 week starts here
        execution(A, R2, "manual", "timeout", "2026-03-15T23:59:59Z", null);         // #4 this month
        execution(A, R2, "manual", "pending", "2026-03-01T00:00:00Z", null);         // #5 month starts here
        execution(A, R3, "time_based", "cancelled", "2026-02-28T23:00:00Z", null);   // #6 last month
        execution(A, R1, "event_based", "skipped", "2026-01-10T08:00:00Z", null);    // #7 long ago
        // another tenant's executions, today, must never count for A
        execution(B, RB, "webhook", "completed", "2026-03-18T09:00:00Z", 9_000L);
        execution(B, RB, "webhook", "failed", "2026-03-18T09:30:00Z", 7_000L);
    }

    private void rule(TenantId tenant, RuleId id, String status, String trigger, String... actionTypes) {
        StringBuilder actions = new StringBuilder("[");
        for (int i = 0; i < actionTypes.length; i++) {
            actions.append(i == 0 ? "" : ",").append("{\"type\":\"").append(actionTypes[i])
                    .append("\",\"order\":").append(i + 1).append(",\"config\":{}}");
        }
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, created_at, updated_at)
                VALUES (?, ?, 'rule', ?, 'normal', ?, '{}', ?::jsonb, '{}', now(), now())""",
                tenant.value(), id.value(), status, trigger, actions.append(']').toString());
    }

    private void execution(TenantId tenant, RuleId rule, String trigger, String status, String createdAt,
                           Long durationMs) {
        Instant created = Instant.parse(createdAt);
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, duration_ms, created_at, updated_at, available_at)
                VALUES (?, ?, ?, ?, ?, 2, ?, ?, ?, ?)""",
                tenant.value(), UUID.randomUUID(), rule.value(), trigger, status, durationMs, created, created, created);
    }

    private static Instant t(String instant) {
        return Instant.parse(instant);
    }

    private PerformanceReport performance(TenantId tenant, String from, String to, Granularity groupBy,
                                          RuleId... rules) {
        return reader.performance(tenant, new PerformanceQuery(t(from), t(to), groupBy, Set.of(rules), Set.of()));
    }

    /** Equal figures, but p95 only within the duration histogram's 1 % (docs/api.md). */
    private static void assertFigures(PerformanceFigures actual, PerformanceFigures expected) {
        StatisticsRollupOracleTest.assertSameFigures("figures", actual, expected);
    }

    private static List<Long> counts(PerformanceReport report) {
        return report.buckets().stream().map(b -> b.figures().executions()).toList();
    }

    private static List<Instant> starts(PerformanceReport report) {
        return report.buckets().stream().map(PerformanceReport.Bucket::start).toList();
    }

    @Test
    void statistics_count_rules_by_status_and_executions_by_outcome_and_period() {
        AutomationStatistics stats = reader.statistics(A, StatisticsPeriods.at(NOW));

        assertThat(stats.rules()).isEqualTo(new AutomationStatistics.RuleCounts(4, 1, 1, 1, 1));
        assertThat(stats.totalExecutions()).isEqualTo(7);
        assertThat(stats.successfulExecutions()).isEqualTo(2);          // #1 #2
        assertThat(stats.failedExecutions()).isEqualTo(2);              // #3 failed, #4 timeout
        assertThat(stats.executionsToday()).isEqualTo(1);               // #1
        assertThat(stats.executionsThisWeek()).isEqualTo(3);            // #1 #2 #3
        assertThat(stats.executionsThisMonth()).isEqualTo(5);           // #1 .. #5
        assertThat(stats.averageDurationMs()).contains(300.0);          // (100 + 300 + 500) / 3
        assertThat(stats.successRatePercent()).isEqualTo(50.0);         // 2 of 4 finished
    }

    @Test
    void trigger_types_count_executions_by_how_they_were_triggered_and_rules_by_their_trigger() {
        AutomationStatistics stats = reader.statistics(A, StatisticsPeriods.at(NOW));

        assertThat(stats.triggerTypes()).containsExactly(
                new UsageCount("manual", 3, 2),        // #3 #4 #5; rules R2 R4
                new UsageCount("event_based", 3, 1),   // #1 #2 #7; rule R1
                new UsageCount("time_based", 1, 1));   // #6; rule R3
    }

    @Test
    void action_types_count_the_executions_of_the_rules_that_have_them() {
        AutomationStatistics stats = reader.statistics(A, StatisticsPeriods.at(NOW));

        assertThat(stats.actionTypes()).containsExactly(
                new UsageCount("webhook_call", 6, 2),        // R1 (4) + R2 (2)
                new UsageCount("email_notification", 5, 2), // R1 (4) + R3 (1)
                new UsageCount("sms_notification", 0, 1));   // R4, never executed
    }

    @Test
    void statistics_of_a_tenant_see_only_its_own_rules_and_executions() {
        AutomationStatistics stats = reader.statistics(B, StatisticsPeriods.at(NOW));

        assertThat(stats.rules()).isEqualTo(new AutomationStatistics.RuleCounts(1, 1, 0, 0, 0));
        assertThat(stats.totalExecutions()).isEqualTo(2);
        assertThat(stats.executionsToday()).isEqualTo(2);
        assertThat(stats.averageDurationMs()).contains(8_000.0);
        assertThat(stats.triggerTypes()).containsExactly(new UsageCount("webhook", 2, 1));
        assertThat(stats.actionTypes()).containsExactly(new UsageCount("webhook_call", 2, 1));
    }

    @Test
    void a_tenant_without_rules_has_zero_statistics() {
        TenantId empty = new TenantId(UUID.randomUUID());

        AutomationStatistics stats = reader.statistics(empty, StatisticsPeriods.at(NOW));

        assertThat(stats).isEqualTo(new AutomationStatistics(new AutomationStatistics.RuleCounts(0, 0, 0, 0, 0),
                0, 0, 0, 0, 0, 0, Optional.empty(), List.of(), List.of()));
    }

    @Test
    void performance_by_day_has_one_bucket_per_utc_day_with_its_figures() {
        PerformanceReport report = performance(A, "2026-03-16T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.DAY);

        assertThat(starts(report)).containsExactly(t("2026-03-16T00:00:00Z"), t("2026-03-17T00:00:00Z"),
                t("2026-03-18T00:00:00Z"));
        assertThat(report.buckets().getFirst().end()).isEqualTo(t("2026-03-17T00:00:00Z"));
        assertFigures(report.buckets().get(0).figures(),                         // #3
                new PerformanceFigures(1, 0, 1, Optional.of(500.0), Optional.of(500.0)));
        assertFigures(report.buckets().get(1).figures(),                         // #2
                new PerformanceFigures(1, 1, 0, Optional.of(300.0), Optional.of(300.0)));
        assertFigures(report.buckets().get(2).figures(),                         // #1
                new PerformanceFigures(1, 1, 0, Optional.of(100.0), Optional.of(100.0)));
        // p95 of 100, 300, 500 interpolates at rank 1.9: 300 + 0.9 * 200 (within the histogram's 1 %)
        assertFigures(report.summary(), new PerformanceFigures(3, 2, 1, Optional.of(300.0), Optional.of(480.0)));
    }

    @Test
    void empty_buckets_are_listed_with_zero_executions() {
        PerformanceReport report = performance(A, "2026-03-13T00:00:00Z", "2026-03-16T00:00:00Z", Granularity.DAY);

        assertThat(counts(report)).containsExactly(0L, 0L, 1L);                  // 03-13, 03-14, 03-15 (#4)
        assertThat(report.buckets().getFirst().figures()).isEqualTo(PerformanceFigures.NONE);
        assertThat(report.buckets().get(2).figures())                            // a timeout without duration
                .isEqualTo(new PerformanceFigures(1, 0, 1, Optional.empty(), Optional.empty()));
    }

    @Test
    void the_range_includes_date_from_and_excludes_date_to() {
        PerformanceReport report = performance(A, "2026-03-16T00:00:00Z", "2026-03-17T12:00:00Z", Granularity.DAY);

        assertThat(counts(report)).containsExactly(1L, 0L);                     // #3 in; #2 at date_to out
        assertThat(report.summary().executions()).isEqualTo(1);
    }

    @Test
    void a_range_starting_inside_a_bucket_counts_only_what_lies_inside_the_range() {
        PerformanceReport report = performance(A, "2026-03-17T12:00:01Z", "2026-03-18T09:00:01Z", Granularity.DAY);

        assertThat(starts(report)).containsExactly(t("2026-03-17T00:00:00Z"), t("2026-03-18T00:00:00Z"));
        assertThat(counts(report)).containsExactly(0L, 1L);                     // #2 is before date_from
    }

    @Test
    void performance_by_hour() {
        PerformanceReport report = performance(A, "2026-03-18T08:00:00Z", "2026-03-18T10:30:00Z", Granularity.HOUR);

        assertThat(starts(report)).containsExactly(t("2026-03-18T08:00:00Z"), t("2026-03-18T09:00:00Z"),
                t("2026-03-18T10:00:00Z"));
        assertThat(counts(report)).containsExactly(0L, 1L, 0L);
    }

    @Test
    void weeks_start_on_monday() {
        PerformanceReport report = performance(A, "2026-03-01T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.WEEK);

        assertThat(starts(report)).containsExactly(t("2026-02-23T00:00:00Z"), t("2026-03-02T00:00:00Z"),
                t("2026-03-09T00:00:00Z"), t("2026-03-16T00:00:00Z"));
        assertThat(counts(report)).containsExactly(1L, 0L, 1L, 3L);             // #5; -; #4; #1 #2 #3
        assertThat(report.buckets().get(1).end()).isEqualTo(t("2026-03-09T00:00:00Z"));
    }

    @Test
    void months_are_calendar_months() {
        PerformanceReport report = performance(A, "2026-01-01T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.MONTH);

        assertThat(starts(report)).containsExactly(t("2026-01-01T00:00:00Z"), t("2026-02-01T00:00:00Z"),
                t("2026-03-01T00:00:00Z"));
        assertThat(report.buckets().get(1).end()).isEqualTo(t("2026-03-01T00:00:00Z"));
        assertThat(counts(report)).containsExactly(1L, 1L, 5L);                 // #7; #6; #1 .. #5
    }

    @Test
    void rule_ids_restrict_the_figures_to_those_rules() {
        PerformanceReport report = performance(A, "2026-01-01T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.MONTH,
                R2, R3);

        assertThat(counts(report)).containsExactly(0L, 1L, 2L);                 // #6; #4 #5
        assertThat(report.summary()).isEqualTo(new PerformanceFigures(3, 0, 1, Optional.empty(), Optional.empty()));
    }

    @Test
    void performance_of_a_tenant_sees_only_its_own_executions_even_for_another_tenants_rule_id() {
        PerformanceReport mine = performance(B, "2026-03-18T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.DAY);
        PerformanceReport theirs = performance(B, "2026-03-18T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.DAY,
                R1);

        assertFigures(mine.summary(), new PerformanceFigures(2, 1, 1, Optional.of(8_000.0), Optional.of(8_900.0)));
        assertThat(theirs.summary()).isEqualTo(PerformanceFigures.NONE);
    }

    @Test
    void folding_the_recorded_changes_into_the_rollup_changes_no_figure() {
        AutomationStatistics statistics = reader.statistics(A, StatisticsPeriods.at(NOW));
        PerformanceReport performance = performance(A, "2026-01-01T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.WEEK);

        transactions.inTransaction(rollup::fold);

        assertThat(sql.count("SELECT count(*) FROM execution_stats_delta")).isZero();
        assertThat(reader.statistics(A, StatisticsPeriods.at(NOW))).isEqualTo(statistics);
        assertThat(performance(A, "2026-01-01T00:00:00Z", "2026-03-18T10:30:00Z", Granularity.WEEK)).isEqualTo(performance);
    }

    @Test
    void p95_is_left_out_when_not_asked_for() {
        PerformanceReport report = reader.performance(A, new PerformanceQuery(t("2026-03-16T00:00:00Z"),
                t("2026-03-18T10:30:00Z"), Granularity.DAY, Set.of(), Set.of(PerformanceMetric.AVG_DURATION)));

        assertThat(report.summary().averageDurationMs()).contains(300.0);
        assertThat(report.summary().p95DurationMs()).isEmpty();
    }
}
