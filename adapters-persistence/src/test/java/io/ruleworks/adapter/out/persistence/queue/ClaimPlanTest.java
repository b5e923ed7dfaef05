package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.testing.IndexFixtures;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim stays a handful of primary-key lookups however large the history is (issue 18).
 *
 * <p>In a table of millions of finished executions, ANALYZE's sample (30,000 rows) holds no pending
 * row, so the planner believes there is one. With the claim's UPDATE written {@code status =
 * 'pending'}, that estimate made the due index (partial, pending only) the cheapest way to find the
 * picked rows: the UPDATE read the whole due index, every pending row of the queue, once per claim
 * (measured at 10^7: 14 ms a claim against 1.1 ms on an empty table). Here the same estimate is made
 * on a small table: the statistics are taken while nothing is pending, then the queue fills.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimPlanTest extends FreshDatabaseTest {

    @BeforeAll
    void aLargeHistoryAndAQueueTheStatisticsDoNotKnow() {
        sql.update("INSERT INTO tenants (tenant, name, created_at) "
                + "VALUES ('00000000-0000-0000-0000-000000000001', 'tenant', now())");
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, max_concurrent_executions,
                                              created_at, updated_at)
                SELECT '00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'rule ' || g, 'active', 'normal',
                       'manual', '{}', '[{"type": "webhook_call", "order": 1, "config": {}}]', '{}', 10, now(), now()
                  FROM generate_series(1, 20) g""");
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, duration_ms, created_at, updated_at, available_at)
                SELECT r.tenant, gen_random_uuid(), r.rule_id, 'manual', 'completed', 2, 10,
                       now() - g * interval '1 second', now(), now()
                  FROM generate_series(1, 50000) g
                  JOIN (SELECT rule_id, tenant, row_number() OVER (ORDER BY rule_id) - 1 AS k
                          FROM automation_rules) r ON r.k = g % 20""");
        sql.update("VACUUM ANALYZE automation_executions");
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, created_at, updated_at, available_at)
                SELECT r.tenant, gen_random_uuid(), r.rule_id, 'manual', 'pending', 2, now(), now(),
                       now() - interval '1 second'
                  FROM generate_series(1, 2000) g
                  JOIN (SELECT rule_id, tenant, row_number() OVER (ORDER BY rule_id) - 1 AS k
                          FROM automation_rules) r ON r.k = g % 20""");
    }

    @Test
    void the_claimed_rows_are_found_by_primary_key_not_by_reading_the_queue() throws SQLException {
        String plan = IndexFixtures.explain(sql, PostgresExecutionClaims.CLAIM_SQL, 64, 16, "worker", 60.0);

        String update = plan.substring(plan.indexOf("Update on automation_executions"));
        String updateScan = update.lines().filter(l -> l.contains("Scan") && l.contains("automation_executions"))
                .filter(l -> !l.contains("CTE Scan")).findFirst().orElseThrow();
        assertThat(updateScan).as(plan).contains("automation_executions_pkey");
        // the candidates are still taken from the due index, in claim order
        assertThat(plan.substring(0, plan.indexOf("Update on automation_executions")))
                .as(plan).contains("automation_executions_due_idx");
    }
}
