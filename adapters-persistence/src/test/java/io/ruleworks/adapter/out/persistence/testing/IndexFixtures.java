package io.ruleworks.adapter.out.persistence.testing;

import io.ruleworks.domain.shared.TenantId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The bulk rows of the index tests, written with set-based SQL: numbered tenants and their rules;
 * and the plan PostgreSQL picks for a statement, to assert which indexes it reads.
 */
public final class IndexFixtures {

    /** Tenant {@code n} (1 to 9) as SQL, for a number expression such as {@code g} or {@code (1 + g % ?)}. */
    public static String tenantSql(String n) {
        return "('00000000-0000-0000-0000-00000000000' || " + n + ")::uuid";
    }

    private IndexFixtures() {
    }

    /** Tenant {@code n}, 1 to 9. */
    public static TenantId tenant(int n) {
        return new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000" + n));
    }

    /** Tenants 1 to {@code count}. */
    public static void tenants(DirectSql sql, int count) {
        sql.update("INSERT INTO tenants (tenant, name, created_at) SELECT " + tenantSql("g")
                + ", 'tenant ' || g, now() FROM generate_series(1, ?) g", count);
    }

    /**
     * {@code count} active manual rules with one webhook action, created now; rule {@code g} (0 to
     * count - 1) belongs to tenant {@code 1 + g % tenants}.
     */
    public static void rules(DirectSql sql, int tenants, int count) {
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, created_at, updated_at)
                SELECT %s, gen_random_uuid(), 'rule ' || g,
                       'active', 'normal', 'manual', '{}', '[{"type": "webhook_call", "order": 1, "config": {}}]',
                       '{}', now(), now()
                  FROM generate_series(0, ? - 1) g""".formatted(tenantSql("(1 + g % ?)")), tenants, count);
    }

    /** The plan of {@code query} bound to {@code params}, one line per node. */
    public static String explain(DirectSql sql, String query, Object... params) throws SQLException {
        try (Connection c = sql.connect(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + query)) {
            DirectSql.bind(ps, params);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
