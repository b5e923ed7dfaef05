package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.adapter.out.persistence.statistics.PostgresAutomationStatistics;
import io.ruleworks.adapter.out.persistence.statistics.PostgresStatisticsRollup;
import io.ruleworks.adapter.out.persistence.statistics.RawStatisticsOracle;
import io.ruleworks.adapter.out.persistence.statistics.StatisticsRollupOracleTest;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.ruleworks.adapter.out.persistence.testing.Concurrently;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.execution.PurgeExecutionsUseCase.PurgeRun;
import io.ruleworks.application.service.execution.ExecutionRetention;
import io.ruleworks.domain.execution.RetentionPolicy;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.statistics.AutomationStatistics;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceQuery;
import io.ruleworks.domain.statistics.PerformanceReport;
import io.ruleworks.domain.statistics.StatisticsPeriods;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retention purge against PostgreSQL: by age (global, per status, per rule), by count, never a
 * pending or running execution nor a relative of one, a retry racing the purge, one purger at a
 * time, and statistics that keep counting what was purged.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresExecutionHistoryTest extends FreshDatabaseTest {

    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final RetentionPolicy POLICY =
            new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(90), OptionalInt.empty());

    @Inject
    PostgresExecutionHistory history;
    @Inject
    JdbcTransactions transactions;
    @Inject
    PostgresStatisticsRollup rollup;
    @Inject
    PostgresAutomationStatistics statistics;

    private TenantId tenant;
    private RuleId rule;

    @BeforeEach
    void aTenantWithARule() {
        sql.update("DELETE FROM tenants");
        sql.update("DELETE FROM execution_stats_delta");
        tenant = tenant();
        rule = rule(tenant, null);
    }

    private ExecutionRetention retention(RetentionPolicy policy) {
        return new ExecutionRetention(history, transactions, policy, 2, 1_000, Optional.empty(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private PurgeRun purge() {
        return retention(POLICY).purge();
    }

    @Test
    void finished_executions_past_the_retention_are_purged_in_batches_and_newer_ones_stay() {
        UUID old1 = execution(rule, "completed", days(31));
        UUID old2 = execution(rule, "skipped", days(40));
        UUID old3 = execution(rule, "cancelled", days(89));
        UUID recent = execution(rule, "completed", days(29));

        PurgeRun run = purge();

        assertThat(run.ran()).isTrue();
        assertThat(run.purgedByAge()).isEqualTo(3);
        assertThat(stored()).containsExactly(recent).doesNotContain(old1, old2, old3);
        assertThat(run.lag()).isEqualTo(Duration.ZERO);
    }

    @Test
    void failed_and_timed_out_executions_are_kept_for_the_failed_retention() {
        UUID failed = execution(rule, "failed", days(60));
        UUID timeout = execution(rule, "timeout", days(89));
        UUID oldFailed = execution(rule, "failed", days(91));
        UUID completed = execution(rule, "completed", days(60));

        purge();

        assertThat(stored()).containsExactlyInAnyOrder(failed, timeout).doesNotContain(oldFailed, completed);
    }

    @Test
    void a_rules_own_retention_replaces_the_global_one_for_every_status() {
        RuleId shortLived = rule(tenant, 5);
        RuleId longLived = rule(tenant, 365);
        UUID shortCompleted = execution(shortLived, "completed", days(6));
        UUID shortFailed = execution(shortLived, "failed", days(6));
        UUID shortRecent = execution(shortLived, "completed", days(4));
        UUID longCompleted = execution(longLived, "completed", days(200));
        UUID longOld = execution(longLived, "failed", days(366));
        UUID globalWeek = execution(rule, "completed", days(6));

        purge();

        assertThat(stored()).containsExactlyInAnyOrder(shortRecent, longCompleted, globalWeek)
                .doesNotContain(shortCompleted, shortFailed, longOld);
    }

    @Test
    void pending_and_running_executions_are_never_purged_whatever_their_age() {
        UUID pending = execution(rule, "pending", days(400));
        UUID running = execution(rule, "running", days(400));

        PurgeRun run = purge();

        assertThat(run.purged()).isZero();
        assertThat(stored()).containsExactlyInAnyOrder(pending, running);
    }

    @Test
    void an_old_execution_changed_within_the_retention_is_kept() {
        UUID retriedAndFinishedYesterday = execution(rule, "completed", days(100));
        sql.update("UPDATE automation_executions SET updated_at = ? WHERE tenant = ? AND execution_id = ?",
                NOW.minus(days(1)), tenant.value(), retriedAndFinishedYesterday);

        purge();

        assertThat(stored()).containsExactly(retriedAndFinishedYesterday);
    }

    @Test
    void a_parent_with_a_live_child_and_a_child_of_a_live_parent_are_kept_until_the_relative_ends() {
        UUID parent = execution(rule, "completed", days(100));
        UUID child = execution(rule, "pending", days(1));
        sql.update("UPDATE automation_executions SET parent_execution_id = ? WHERE tenant = ? AND execution_id = ?",
                parent, tenant.value(), child);
        UUID runningParent = execution(rule, "running", days(1));
        UUID oldChild = execution(rule, "completed", days(100));
        sql.update("UPDATE automation_executions SET parent_execution_id = ? WHERE tenant = ? AND execution_id = ?",
                runningParent, tenant.value(), oldChild);

        purge();
        assertThat(stored()).containsExactlyInAnyOrder(parent, child, runningParent, oldChild);

        sql.update("UPDATE automation_executions SET status = 'completed' WHERE tenant = ? AND execution_id IN (?, ?)",
                tenant.value(), child, runningParent);
        purge();
        assertThat(stored()).containsExactlyInAnyOrder(child, runningParent);
    }

    @Test
    void the_count_limit_keeps_the_newest_finished_executions_of_each_rule() {
        RuleId other = rule(tenant, null);
        UUID oldest = execution(rule, "completed", days(5));
        UUID older = execution(rule, "failed", days(4));
        UUID kept1 = execution(rule, "completed", days(3));
        UUID kept2 = execution(rule, "timeout", days(2));
        UUID kept3 = execution(rule, "completed", days(1));
        UUID pending = execution(rule, "pending", days(6));
        UUID othersOld = execution(other, "completed", days(5));

        PurgeRun run = retention(new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(90), OptionalInt.of(3)))
                .purge();

        assertThat(run.purgedByCount()).isEqualTo(2);
        assertThat(stored()).containsExactlyInAnyOrder(kept1, kept2, kept3, pending, othersOld)
                .doesNotContain(oldest, older);
    }

    @Test
    void a_retry_holding_an_old_failed_execution_keeps_it_and_a_retry_after_the_purge_finds_nothing() throws Exception {
        UUID retried = execution(rule, "failed", days(100));
        UUID purgedFirst = execution(rule, "failed", days(100));

        // the retry (ExecutionService.retry: SELECT ... FOR UPDATE, then back to pending) holds its row
        try (Connection retry = sql.connect()) {
            retry.setAutoCommit(false);
            assertThat(lockForRetry(retry, retried)).isTrue();
            purge();
            try (PreparedStatement ps = retry.prepareStatement("UPDATE automation_executions SET status = 'pending', "
                    + "updated_at = now() WHERE tenant = ? AND execution_id = ?")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, retried);
                ps.executeUpdate();
            }
            retry.commit();
        }
        purge();
        assertThat(stored()).containsExactly(retried);

        // a retry that comes while the purge deletes waits for it, then finds no execution (404)
        UUID late = execution(rule, "failed", days(100));
        Future<Boolean> found = transactions.inTransaction(() -> {
            history.takePurgeTurn();
            history.purgeByAge(POLICY, NOW, 10, Optional.empty());
            CompletableFuture<Boolean> retryFound = CompletableFuture.supplyAsync(() -> {
                try (Connection retry = sql.connect()) {
                    retry.setAutoCommit(false);
                    boolean locked = lockForRetry(retry, late);
                    retry.rollback();
                    return locked;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> sql.count("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'") == 1);
            return retryFound;
        });
        assertThat(found.get()).isFalse();
        assertThat(stored()).containsExactly(retried).doesNotContain(purgedFirst, late);
    }

    @Test
    void with_an_export_directory_the_purged_executions_are_written_first_as_gzip_json_lines_per_tenant_and_hour(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
        UUID first = execution(rule, "completed", days(31));
        UUID second = execution(rule, "failed", days(91));
        UUID kept = execution(rule, "completed", days(1));
        ExecutionRetention exporting = new ExecutionRetention(history, transactions, POLICY, 1, 1_000,
                Optional.of(new GzipJsonLinesArchive(directory)), Clock.fixed(NOW, ZoneOffset.UTC));

        PurgeRun run = exporting.purge();

        assertThat(run.purgedByAge()).isEqualTo(2);
        assertThat(stored()).containsExactly(kept);
        java.nio.file.Path firstFile = directory.resolve(tenant.toString()).resolve(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC)
                        .format(NOW.minus(days(31))) + ".jsonl.gz");
        List<String> lines;
        try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(firstFile))) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).contains("\"execution_id\": \"" + first + "\"").contains("\"status\": \"completed\"");
        try (var files = java.nio.file.Files.list(directory.resolve(tenant.toString()))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).as("one file per hour of creation")
                    .hasSize(2).allMatch(name -> name.endsWith(".jsonl.gz"));
        }
        java.nio.file.Path secondFile = firstFile.resolveSibling(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC)
                        .format(NOW.minus(days(91))) + ".jsonl.gz");
        try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(secondFile))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains(second.toString());
        }
    }

    @Test
    void an_export_that_fails_leaves_the_executions_in_place(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        UUID old = execution(rule, "completed", days(31));
        java.nio.file.Path notADirectory = java.nio.file.Files.writeString(directory.resolve("file"), "x");
        ExecutionRetention exporting = new ExecutionRetention(history, transactions, POLICY, 10, 1_000,
                Optional.of(new GzipJsonLinesArchive(notADirectory)), Clock.fixed(NOW, ZoneOffset.UTC));

        org.assertj.core.api.Assertions.assertThatThrownBy(exporting::purge)
                .hasMessageContaining("archiving executions");

        assertThat(stored()).containsExactly(old);
    }

    private boolean lockForRetry(Connection connection, UUID id) throws Exception {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM automation_executions WHERE tenant = ? AND execution_id = ? FOR UPDATE")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Test
    void while_another_instance_holds_the_purge_turn_a_run_purges_nothing() throws Exception {
        UUID old = execution(rule, "completed", days(31));
        try (Connection other = sql.connect()) {
            try (var ps = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, PostgresExecutionHistory.PURGE_LOCK);
                ps.execute();
            }
            PurgeRun skipped = purge();
            assertThat(skipped.ran()).isFalse();
            assertThat(stored()).containsExactly(old);
            try (var ps = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, PostgresExecutionHistory.PURGE_LOCK);
                ps.execute();
            }
        }
        assertThat(purge().purgedByAge()).isEqualTo(1);
    }

    @Test
    void two_concurrent_purgers_purge_each_execution_exactly_once() throws Exception {
        for (int i = 0; i < 40; i++) {
            execution(rule, i % 2 == 0 ? "completed" : "failed", days(100 + i));
        }
        List<Future<PurgeRun>> runs = Concurrently.run(List.of(() -> purge(), () -> purge()));

        long purged = 0;
        for (Future<PurgeRun> run : runs) {
            purged += run.get().purged();
        }
        assertThat(purged).isEqualTo(40);
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_purge_leaves_the_statistics_as_they_were_and_a_rule_delete_still_takes_its_executions_out()
            throws Exception {
        Random random = new Random(18);
        Instant start = NOW.minus(Duration.ofDays(60)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        List<String> finished = List.of("completed", "completed", "completed", "failed", "timeout", "skipped",
                "cancelled");
        RuleId second = rule(tenant, 10);
        for (int i = 0; i < 300; i++) {
            Instant created = start.plusSeconds(random.nextLong(Duration.ofDays(60).toSeconds()));
            UUID id = execution(random.nextBoolean() ? rule : second, finished.get(random.nextInt(finished.size())),
                    Duration.between(created, NOW));
            sql.update("UPDATE automation_executions SET duration_ms = ? WHERE tenant = ? AND execution_id = ?",
                    (long) random.nextInt(5_000), tenant.value(), id);
        }
        execution(rule, "pending", days(1));
        transactions.inTransaction(rollup::fold);
        AutomationStatistics before = statistics.statistics(tenant, StatisticsPeriods.at(NOW));
        PerformanceQuery wholeDays = new PerformanceQuery(start, NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS),
                Granularity.DAY, Set.of(), Set.of());
        PerformanceReport performanceBefore = statistics.performance(tenant, wholeDays);
        long stored = stored().size();

        PurgeRun run = purge();
        transactions.inTransaction(rollup::fold);

        assertThat(run.purged()).as("the purge deleted executions").isGreaterThan(100);
        assertThat(stored().size()).isEqualTo(stored - run.purged());
        RawStatisticsOracle oracle = new RawStatisticsOracle(sql, statistics);
        assertThat(oracle.statistics(tenant, StatisticsPeriods.at(NOW)))
                .as("the raw rows no longer give the old figures").isNotEqualTo(before);
        assertThat(statistics.statistics(tenant, StatisticsPeriods.at(NOW))).isEqualTo(before);
        PerformanceReport performanceAfter = statistics.performance(tenant, wholeDays);
        assertThat(performanceAfter.buckets()).hasSameSizeAs(performanceBefore.buckets());
        StatisticsRollupOracleTest.assertSameFigures("summary", performanceAfter.summary(), performanceBefore.summary());
        for (int i = 0; i < performanceBefore.buckets().size(); i++) {
            StatisticsRollupOracleTest.assertSameFigures("bucket " + i, performanceAfter.buckets().get(i).figures(),
                    performanceBefore.buckets().get(i).figures());
        }

        // deleting a rule still takes its remaining executions out of the statistics, as before
        long remaining = sql.count("SELECT count(*) FROM automation_executions WHERE tenant = ? AND automation_rule_id = ?",
                tenant.value(), second.value());
        sql.update("DELETE FROM automation_rules WHERE tenant = ? AND rule_id = ?", tenant.value(), second.value());
        assertThat(remaining).isPositive();
        assertThat(sql.count("SELECT count(*) FROM execution_stats_delta WHERE n = -1")).isEqualTo(remaining);
    }

    private Duration days(long n) {
        return Duration.ofDays(n);
    }

    private TenantId tenant() {
        TenantId id = new TenantId(UUID.randomUUID());
        sql.update("INSERT INTO tenants (tenant, name, created_at) VALUES (?, 'history', now())", id.value());
        return id;
    }

    private RuleId rule(TenantId owner, Integer retentionDays) {
        RuleId id = RuleId.newId();
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, execution_retention_days, created_at,
                                              updated_at)
                VALUES (?, ?, 'rule', 'active', 'normal', 'manual', '{}',
                        '[{"type": "webhook_call", "order": 1, "config": {}}]', '{}', ?, now(), now())""",
                owner.value(), id.value(), retentionDays);
        return id;
    }

    /** A finished (or pending/running) execution created and last changed {@code age} before NOW. */
    private UUID execution(RuleId of, String status, Duration age) {
        UUID id = UUID.randomUUID();
        Instant at = NOW.minus(age);
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, created_at, updated_at, available_at)
                VALUES (?, ?, ?, 'manual', ?, 2, ?, ?, ?)""",
                tenant.value(), id, of.value(), status, at, at, at);
        return id;
    }

    private List<UUID> stored() {
        return sql.query("SELECT execution_id FROM automation_executions WHERE tenant = ? ORDER BY created_at",
                rs -> rs.getObject(1, UUID.class), tenant.value());
    }
}
