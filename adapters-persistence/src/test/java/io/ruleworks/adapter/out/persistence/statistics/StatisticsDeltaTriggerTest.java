package io.ruleworks.adapter.out.persistence.statistics;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V12's write path and the fold: only changes of finished executions append a delta (one
 * row each; claims, heartbeats and other updates of unfinished executions none), a rule's delete
 * takes its executions out with -1 deltas, and concurrent folds count every delta once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsDeltaTriggerTest extends FreshDatabaseTest {

    private static final Instant CREATED = Instant.parse("2026-03-18T09:15:00Z");

    @Inject
    PostgresStatisticsRollup rollup;

    @Inject
    JdbcTransactions transactions;

    private TenantId tenant;
    private RuleId rule;

    @BeforeEach
    void aRuleOfAFreshTenant() {
        tenant = new TenantId(UUID.randomUUID());
        rule = RuleId.newId();
        sql.update("INSERT INTO tenants (tenant, name, created_at) VALUES (?, 't', now())", tenant.value());
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, created_at, updated_at)
                VALUES (?, ?, 'rule', 'active', 'normal', 'manual', '{}', '[]', '{}', now(), now())""",
                tenant.value(), rule.value());
    }

    private UUID execution(String status, Long durationMs) {
        UUID id = UUID.randomUUID();
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, duration_ms, created_at, updated_at, available_at)
                VALUES (?, ?, ?, 'manual', ?, 2, ?, ?, ?, ?)""",
                tenant.value(), id, rule.value(), status, durationMs, CREATED, CREATED, CREATED);
        return id;
    }

    private void update(UUID execution, String set) {
        sql.update("UPDATE automation_executions SET " + set + " WHERE tenant = ? AND execution_id = ?",
                tenant.value(), execution);
    }

    private List<String> deltas() {
        return sql.query("SELECT status || ' ' || n || ' ' || coalesce(duration_ms::text, '-') || ' ' || hour "
                        + "FROM execution_stats_delta WHERE tenant = ? ORDER BY ctid", rs -> rs.getString(1),
                tenant.value());
    }

    @Test
    void a_new_pending_execution_its_claim_heartbeats_and_progress_write_no_delta() {
        UUID id = execution("pending", null);

        update(id, "status = 'running', lease_owner = 'worker-1', lease_expires_at = now(), attempt = attempt + 1");
        update(id, "heartbeat_at = now(), lease_expires_at = now()");
        update(id, "actions_successful = 1, logs = logs || '[{\"message\": \"step 1\"}]'");

        assertThat(deltas()).isEmpty();
    }

    @Test
    void finishing_writes_one_delta_in_the_hour_of_creation() {
        UUID id = execution("running", null);

        update(id, "status = 'completed', duration_ms = 42, completed_at = now()");

        assertThat(deltas()).containsExactly("completed 1 42 2026-03-18 09:00:00");
    }

    @Test
    void updates_of_a_finished_execution_that_change_no_figure_write_no_delta() {
        UUID id = execution("completed", 42L);

        update(id, "logs = logs || '[{\"message\": \"notified\"}]', updated_at = now()");

        assertThat(deltas()).containsExactly("completed 1 42 2026-03-18 09:00:00");
    }

    @Test
    void a_retry_takes_the_failure_back_out() {
        UUID id = execution("failed", 7L);

        update(id, "status = 'pending', duration_ms = NULL, retry_count = retry_count + 1");

        assertThat(deltas()).containsExactly("failed 1 7 2026-03-18 09:00:00", "failed -1 7 2026-03-18 09:00:00");
    }

    @Test
    void deleting_a_rule_takes_its_finished_executions_out() {
        execution("completed", 5L);
        execution("pending", null);
        transactions.inTransaction(rollup::fold);

        sql.update("DELETE FROM automation_rules WHERE tenant = ? AND rule_id = ?", tenant.value(), rule.value());

        assertThat(deltas()).containsExactly("completed -1 5 2026-03-18 09:00:00");
        transactions.inTransaction(rollup::fold);
        assertThat(sql.count("SELECT count(*) FROM execution_stats_rules WHERE tenant = ?", tenant.value()))
                .as("rows folded to zero are deleted").isZero();
        assertThat(sql.count("SELECT count(*) FROM execution_stats_hourly WHERE tenant = ?", tenant.value())).isZero();
        assertThat(sql.count("SELECT count(*) FROM execution_stats_histogram WHERE tenant = ?", tenant.value())).isZero();
        assertThat(sql.count("SELECT count(*) FROM execution_stats_hourly_p95 WHERE tenant = ?", tenant.value())).isZero();
    }

    @Test
    void two_folds_at_once_count_every_delta_once() throws Exception {
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, duration_ms, created_at, updated_at, available_at)
                SELECT ?, gen_random_uuid(), ?, 'manual', 'completed', 2, g % 100, ?::timestamptz - g * interval '1 minute',
                       now(), now()
                  FROM generate_series(1, 5000) g""", tenant.value(), rule.value(), CREATED);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> folds = List.of(
                    CompletableFuture.supplyAsync(() -> foldAfter(start), pool),
                    CompletableFuture.supplyAsync(() -> foldAfter(start), pool));
            start.countDown();

            int folded = folds.get(0).get(60, TimeUnit.SECONDS) + folds.get(1).get(60, TimeUnit.SECONDS);

            assertThat(folded).isGreaterThanOrEqualTo(5_000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sql.count("SELECT count(*) FROM execution_stats_delta WHERE tenant = ?", tenant.value())).isZero();
        assertThat(sql.count("SELECT sum(n) FROM execution_stats_rules WHERE tenant = ?", tenant.value())).isEqualTo(5_000);
        assertThat(sql.count("SELECT sum(n) FROM execution_stats_hourly WHERE tenant = ?", tenant.value())).isEqualTo(5_000);
        assertThat(sql.count("SELECT sum(n) FROM execution_stats_histogram WHERE tenant = ?", tenant.value())).isEqualTo(5_000);
        assertThat(sql.count("SELECT sum(n) FROM execution_stats_histogram_daily WHERE tenant = ?", tenant.value()))
                .isEqualTo(5_000);
        assertThat(sql.count("SELECT sum(duration_sum) FROM execution_stats_rules WHERE tenant = ?", tenant.value()))
                .isEqualTo(50 * 4_950);                                       // g % 100 for g = 1..5000: 50 times 0..99
    }

    private int foldAfter(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return transactions.inTransaction(rollup::fold);
    }
}
