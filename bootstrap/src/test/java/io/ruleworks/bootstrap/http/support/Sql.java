package io.ruleworks.bootstrap.http.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Direct SQL against a test database, for the states the API cannot produce on its own (an
 * inactive or expired key, a pending execution, execution counters).
 */
public final class Sql {

    private final String url;
    private final String user;

    public Sql(String url, String user) {
        this.url = url;
        this.user = user;
    }

    public int update(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, user, "");
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i] instanceof Instant t ? Timestamp.from(t) : params[i];
                ps.setObject(i + 1, p);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    public long queryLong(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, user, "");
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row from " + sql);
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }

    /** Inserts an execution of {@code rule} in {@code status} (pending, running, completed, failed...). */
    public UUID insertExecution(UUID tenant, UUID rule, String status, Long durationMs) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        update("INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status, "
                        + "priority_rank, started_at, completed_at, duration_ms, created_at, updated_at, available_at) "
                        + "VALUES (?, ?, ?, 'manual', ?, 2, ?, ?, ?, ?, ?, ?)",
                tenant, id, rule, status, now, durationMs == null ? null : now, durationMs, now, now, now);
        return id;
    }
}
