package io.ruleworks.adapter.out.persistence.execution;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The executions table's upkeep for a server without autovacuum: whether autovacuum covers the
 * table (the server's setting and the table's own), and a vacuum only once autovacuum's threshold of
 * dead rows is passed, after which the dead rows are gone.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresExecutionTableMaintenanceTest extends FreshDatabaseTest {

    @Inject
    PostgresExecutionTableMaintenance maintenance;

    private UUID tenant;
    private UUID rule;

    @BeforeEach
    void aRuleWithExecutions() {
        sql.update("DELETE FROM tenants");
        tenant = UUID.randomUUID();
        rule = UUID.randomUUID();
        sql.update("INSERT INTO tenants (tenant, name, created_at) VALUES (?, 'upkeep', now())", tenant);
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, created_at, updated_at)
                VALUES (?, ?, 'rule', 'active', 'normal', 'manual', '{}',
                        '[{"type": "webhook_call", "order": 1, "config": {}}]', '{}', now(), now())""", tenant, rule);
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, created_at, updated_at, available_at)
                SELECT ?, gen_random_uuid(), ?, 'manual', 'completed', 2, now(), now(), now()
                  FROM generate_series(1, 2000)""", tenant, rule);
        execute("VACUUM ANALYZE automation_executions");
        // so that the server's autovacuum, where it is on, does not vacuum the table in the middle of a test
        execute("ALTER TABLE automation_executions SET (autovacuum_enabled = false)");
    }

    @AfterEach
    void tableSettingsBack() {
        execute("ALTER TABLE automation_executions RESET (autovacuum_enabled, autovacuum_vacuum_threshold)");
    }

    @Test
    void the_servers_autovacuum_setting_and_the_tables_own_are_read() {
        boolean server = sql.query("SELECT current_setting('autovacuum')::boolean", rs -> rs.getBoolean(1)).getFirst();
        assertThat(maintenance.settings()).isEqualTo(new PostgresExecutionTableMaintenance.Settings(server, false));

        execute("ALTER TABLE automation_executions RESET (autovacuum_enabled)");
        assertThat(maintenance.settings()).isEqualTo(new PostgresExecutionTableMaintenance.Settings(server, true));
        assertThat(maintenance.automatic()).isEqualTo(server);
    }

    @Test
    void autovacuum_covers_the_table_only_when_on_for_the_server_and_not_off_for_the_table() {
        assertThat(new PostgresExecutionTableMaintenance.Settings(true, true).automatic()).isTrue();
        assertThat(new PostgresExecutionTableMaintenance.Settings(false, true).automatic()).isFalse();
        assertThat(new PostgresExecutionTableMaintenance.Settings(true, false).automatic()).isFalse();
        assertThat(new PostgresExecutionTableMaintenance.Settings(false, false).automatic()).isFalse();
    }

    @Test
    void the_table_is_vacuumed_once_its_dead_rows_pass_autovacuums_threshold_and_not_before() {
        // V15's scale factor 0.02 of 2,000 rows plus a threshold of 100: due above 140 dead rows
        execute("ALTER TABLE automation_executions SET (autovacuum_vacuum_threshold = 100)");
        sql.update("UPDATE automation_executions SET status = 'failed' WHERE ctid IN "
                + "(SELECT ctid FROM automation_executions WHERE status = 'completed' LIMIT 100)");
        awaitDeadRows(100);

        assertThat(maintenance.reclaimIfDue()).as("100 dead rows, due above 140").isFalse();
        assertThat(deadRows()).isEqualTo(100);

        sql.update("DELETE FROM automation_executions WHERE ctid IN "
                + "(SELECT ctid FROM automation_executions WHERE status = 'completed' LIMIT 500)");
        awaitDeadRows(600);

        assertThat(maintenance.reclaimIfDue()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadRows()).isZero());
        assertThat(maintenance.reclaimIfDue()).as("nothing dead any more").isFalse();
        assertThat(sql.count("SELECT count(*) FROM automation_executions")).isEqualTo(1_500);
    }

    @Test
    void an_instance_that_finds_another_vacuuming_leaves_it_alone() throws SQLException {
        execute("ALTER TABLE automation_executions SET (autovacuum_vacuum_threshold = 0)");
        sql.update("DELETE FROM automation_executions WHERE ctid IN (SELECT ctid FROM automation_executions LIMIT 500)");
        awaitDeadRows(500);

        try (Connection other = sql.connect(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + PostgresExecutionTableMaintenance.VACUUM_LOCK + ")");

            assertThat(maintenance.reclaimIfDue()).isFalse();
            assertThat(deadRows()).isEqualTo(500);

            // released explicitly: a closed connection's backend drops its session locks only as it exits, a moment later
            s.execute("SELECT pg_advisory_unlock(" + PostgresExecutionTableMaintenance.VACUUM_LOCK + ")");
            assertThat(maintenance.reclaimIfDue()).isTrue();
        }
    }

    private long deadRows() {
        return sql.query("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'automation_executions'",
                rs -> rs.getLong(1)).getFirst();
    }

    /** Table statistics reach pg_stat_user_tables when the writing backend flushes them (within about a second). */
    private void awaitDeadRows(long expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> deadRows() == expected);
    }

    private void execute(String statement) {
        try (Connection c = sql.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
