package io.ruleworks.bootstrap.conformance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fingerprint of everything a request could change in a test database: row count and a digest
 * of every row of each table that holds tenant data (API keys left out: every request counts its
 * key's use; the outbox left out: its relay marks rows on its own schedule, and every change that
 * reaches it changes one of these tables too).
 */
final class StoredData implements AutoCloseable {

    private static final List<String> TABLES = List.of("tenants", "automation_rules", "automation_executions",
            "automation_templates", "rule_schedules");

    private final Connection connection;

    StoredData(String url, String user) {
        try {
            connection = DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to " + url, e);
        }
    }

    /** table -> "rows:digest", for comparing before and after. */
    Map<String, String> snapshot() {
        Map<String, String> snapshot = new LinkedHashMap<>();
        try (var statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (var rs = statement.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM "
                        + table + " t")) {
                    rs.next();
                    snapshot.put(table, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored data", e);
        }
        return snapshot;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
