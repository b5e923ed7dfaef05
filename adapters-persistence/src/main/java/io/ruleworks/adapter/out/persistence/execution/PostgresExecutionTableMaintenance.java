package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.execution.ExecutionTableMaintenance;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Vacuums {@code automation_executions} the way autovacuum would, for a server that has autovacuum
 * off (docs/decisions/0022). "Due" is autovacuum's own rule for the table: more dead rows than
 * {@code autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * reltuples}, the table's own
 * settings first (migration V15 sets its scale factor to 0.02), the server's otherwise. The vacuum
 * runs with autovacuum's cost-based delay (2 ms per 200 cost units, its defaults) so that it yields
 * to the live path as autovacuum does, and under a session advisory lock so that one instance
 * vacuums at a time.
 */
@Singleton
public class PostgresExecutionTableMaintenance implements ExecutionTableMaintenance {

    static final long VACUUM_LOCK = 0x5257564143555531L; // "RWVACUU1"

    /** The server's autovacuum setting and the table's own autovacuum_enabled (true unless set). */
    static final String SETTINGS_SQL = """
            SELECT current_setting('autovacuum')::boolean,
                   coalesce((SELECT option_value FROM pg_options_to_table(c.reloptions)
                              WHERE option_name = 'autovacuum_enabled'), 'true')::boolean
              FROM pg_class c WHERE c.oid = 'automation_executions'::regclass""";

    /** The two settings that decide whether autovacuum looks after the table. */
    record Settings(boolean server, boolean table) {

        /** Autovacuum covers the table: on for the server and not switched off for the table. */
        boolean automatic() {
            return server && table;
        }
    }

    /** More dead rows than autovacuum's threshold for the table (its own settings, else the server's). */
    static final String DUE_SQL = """
            SELECT s.n_dead_tup > coalesce((SELECT option_value FROM pg_options_to_table(c.reloptions)
                                             WHERE option_name = 'autovacuum_vacuum_threshold')::float8,
                                           current_setting('autovacuum_vacuum_threshold')::float8)
                                + coalesce((SELECT option_value FROM pg_options_to_table(c.reloptions)
                                             WHERE option_name = 'autovacuum_vacuum_scale_factor')::float8,
                                           current_setting('autovacuum_vacuum_scale_factor')::float8)
                                  * greatest(c.reltuples, 0)
              FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
             WHERE c.oid = 'automation_executions'::regclass""";

    private final Jdbc jdbc;

    public PostgresExecutionTableMaintenance(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean automatic() {
        return settings().automatic();
    }

    Settings settings() {
        return jdbc.run(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery(SETTINGS_SQL)) {
                rs.next();
                return new Settings(rs.getBoolean(1), rs.getBoolean(2));
            }
        });
    }

    @Override
    public boolean reclaimIfDue() {
        return jdbc.run(c -> {
            if (!c.getAutoCommit()) {
                throw new IllegalStateException("VACUUM cannot run inside a transaction");
            }
            if (!query(c, DUE_SQL) || !query(c, "SELECT pg_try_advisory_lock(" + VACUUM_LOCK + ")")) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET vacuum_cost_delay = '2ms'");
                s.execute("SET vacuum_cost_limit = 200");
                s.execute("VACUUM (ANALYZE) automation_executions");
                return true;
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("RESET vacuum_cost_delay");
                    s.execute("RESET vacuum_cost_limit");
                    s.execute("SELECT pg_advisory_unlock(" + VACUUM_LOCK + ")");
                }
            }
        });
    }

    private static boolean query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
