package io.ruleworks.adapter.out.persistence.hook;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.HookStore;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.RuleHook;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class PostgresHookStore implements HookStore {

    private static final String DECOY_IDENTITY = new UUID(0, 0) + "/" + new UUID(0, 0);
    private static final String COLUMNS = "tenant, rule_id, current_secret, previous_secret, previous_expires_at";

    private final Jdbc jdbc;
    private final HookSecretCipher cipher;
    private final String decoy;

    public PostgresHookStore(Jdbc jdbc, HookSecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.decoy = cipher.seal(HookSecret.generate().value(), DECOY_IDENTITY);
    }

    /**
     * The hook of {@code rule}, looked up by id alone (an inbound hook names no tenant). An unknown
     * id decrypts a throwaway secret, so it costs what a known one costs (HookSignatures does the
     * same for the signature): the time of a request does not tell whether a rule exists.
     */
    @Override
    public Optional<RuleHook> findByRule(RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rule_hook_secrets WHERE rule_id = ?")) {
                ps.setObject(1, rule.value());
                try (var rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(hook(rs));
                    }
                    cipher.open(decoy, DECOY_IDENTITY);
                    return Optional.<RuleHook>empty();
                }
            }
        });
    }

    @Override
    public Optional<RuleHook> findForUpdate(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rule_hook_secrets "
                    + "WHERE tenant = ? AND rule_id = ? FOR UPDATE")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(hook(rs)) : Optional.<RuleHook>empty();
                }
            }
        });
    }

    @Override
    public void save(RuleHook hook, Instant now) {
        String identity = identity(hook.tenant().value(), hook.rule().value());
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO rule_hook_secrets (" + COLUMNS + ", issued_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, rule_id) DO UPDATE SET "
                    + "current_secret = excluded.current_secret, previous_secret = excluded.previous_secret, "
                    + "previous_expires_at = excluded.previous_expires_at, issued_at = excluded.issued_at")) {
                ps.setObject(1, hook.tenant().value());
                ps.setObject(2, hook.rule().value());
                ps.setString(3, cipher.seal(hook.current().value(), identity));
                ps.setString(4, hook.previous().map(p -> cipher.seal(p.value(), identity)).orElse(null));
                ps.setTimestamp(5, Jdbc.ts(hook.previousExpiresAt().orElse(null)));
                ps.setTimestamp(6, Jdbc.ts(now));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Recorded recordDelivery(TenantId tenant, RuleId rule, String deliveryId, String digest,
                                   ExecutionId execution, Instant receivedAt) {
        return jdbc.run(c -> {
            // A concurrent copy of the same delivery waits here on the unique keys until the first commits,
            // then inserts nothing and reads the first one's row.
            try (var ps = c.prepareStatement("INSERT INTO rule_hook_deliveries (tenant, rule_id, delivery_id, "
                    + "content_digest, execution_id, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                ps.setString(3, deliveryId);
                ps.setString(4, digest);
                ps.setObject(5, execution.value());
                ps.setTimestamp(6, Jdbc.ts(receivedAt));
                if (ps.executeUpdate() == 1) {
                    return new Recorded(true, execution);
                }
            }
            try (var ps = c.prepareStatement("SELECT execution_id FROM rule_hook_deliveries "
                    + "WHERE tenant = ? AND rule_id = ? AND (delivery_id = ? OR content_digest = ?) "
                    + "ORDER BY received_at LIMIT 1")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                ps.setString(3, deliveryId);
                ps.setString(4, digest);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("a conflicting hook delivery vanished (pruned meanwhile)");
                    }
                    return new Recorded(false, new ExecutionId(rs.getObject(1, UUID.class)));
                }
            }
        });
    }

    @Override
    public int pruneDeliveries(Instant before) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("DELETE FROM rule_hook_deliveries WHERE received_at < ?")) {
                ps.setTimestamp(1, Jdbc.ts(before));
                return ps.executeUpdate();
            }
        });
    }

    private RuleHook hook(ResultSet rs) throws SQLException {
        UUID tenant = rs.getObject(1, UUID.class);
        UUID rule = rs.getObject(2, UUID.class);
        String identity = identity(tenant, rule);
        Optional<HookSecret> previous = Optional.ofNullable(rs.getString(4))
                .map(p -> new HookSecret(cipher.open(p, identity)));
        Optional<Instant> expires = Optional.ofNullable(rs.getTimestamp(5)).map(java.sql.Timestamp::toInstant);
        return new RuleHook(new TenantId(tenant), new RuleId(rule), new HookSecret(cipher.open(rs.getString(3), identity)),
                previous, expires);
    }

    private static String identity(UUID tenant, UUID rule) {
        return tenant + "/" + rule;
    }
}
