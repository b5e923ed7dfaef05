package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.application.port.out.trigger.ConditionPollStore;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link ConditionPollStore} on condition_polls and condition_matches (V10). */
@Singleton
public class PostgresConditionPollStore implements ConditionPollStore {

    private final Jdbc jdbc;

    public PostgresConditionPollStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<RuleVersion> stale(int max) {
        return StaleRuleVersions.find(jdbc, "condition_polls", "= 'condition_based'", max);
    }

    @Override
    public void save(RuleVersion version, Optional<Instant> nextCheckAt) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO condition_polls (tenant, rule_id, rule_updated_at, "
                    + "next_check_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, rule_id) DO UPDATE "
                    + "SET rule_updated_at = excluded.rule_updated_at, next_check_at = excluded.next_check_at, "
                    + "claim_token = NULL, consecutive_failures = 0, last_error = NULL "
                    + "WHERE condition_polls.rule_updated_at <> excluded.rule_updated_at")) {
                ps.setObject(1, version.tenant().value());
                ps.setObject(2, version.rule().value());
                ps.setTimestamp(3, Jdbc.ts(version.updatedAt()));
                ps.setTimestamp(4, Jdbc.ts(nextCheckAt.orElse(null)));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Claim> claimDue(Instant now, Instant leaseUntil) {
        UUID token = UUID.randomUUID();
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE condition_polls p SET next_check_at = ?, claim_token = ? "
                    + "FROM (SELECT d.tenant, d.rule_id FROM condition_polls d JOIN automation_rules r "
                    + "ON r.tenant = d.tenant AND r.rule_id = d.rule_id AND r.updated_at = d.rule_updated_at "
                    + "WHERE d.next_check_at IS NOT NULL AND d.next_check_at <= ? "
                    + "ORDER BY d.next_check_at LIMIT 1 FOR UPDATE OF d SKIP LOCKED) due "
                    + "WHERE p.tenant = due.tenant AND p.rule_id = due.rule_id "
                    + "RETURNING p.tenant, p.rule_id, p.rule_updated_at, p.consecutive_failures")) {
                ps.setTimestamp(1, Jdbc.ts(leaseUntil));
                ps.setObject(2, token);
                ps.setTimestamp(3, Jdbc.ts(now));
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Claim>empty();
                    }
                    return Optional.of(new Claim(new TenantId(rs.getObject(1, UUID.class)),
                            new RuleId(rs.getObject(2, UUID.class)), rs.getTimestamp(3).toInstant(), token,
                            rs.getInt(4), leaseUntil));
                }
            }
        });
    }

    @Override
    public boolean lockClaim(Claim claim) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT 1 FROM condition_polls p JOIN automation_rules r "
                    + "ON r.tenant = p.tenant AND r.rule_id = p.rule_id AND r.updated_at = p.rule_updated_at "
                    + "WHERE p.tenant = ? AND p.rule_id = ? AND p.claim_token = ? AND p.rule_updated_at = ? "
                    + "FOR UPDATE OF p")) {
                ps.setObject(1, claim.tenant().value());
                ps.setObject(2, claim.rule().value());
                ps.setObject(3, claim.token());
                ps.setTimestamp(4, Jdbc.ts(claim.ruleUpdatedAt()));
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Set<String> matchingKeys(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT item_key FROM condition_matches WHERE tenant = ? AND rule_id = ?")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                Set<String> keys = new HashSet<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public void remember(TenantId tenant, RuleId rule, Collection<String> keys, Instant matchedAt) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO condition_matches (tenant, rule_id, item_key, matched_at) "
                    + "SELECT ?, ?, k, ? FROM unnest(?) AS k ON CONFLICT DO NOTHING")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                ps.setTimestamp(3, Jdbc.ts(matchedAt));
                ps.setArray(4, c.createArrayOf("varchar", keys.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void forget(TenantId tenant, RuleId rule, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("DELETE FROM condition_matches WHERE tenant = ? AND rule_id = ? "
                    + "AND item_key = ANY(?)")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                ps.setArray(3, c.createArrayOf("varchar", keys.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void finish(Claim claim, Optional<Instant> nextCheckAt, int consecutiveFailures, Optional<String> lastError,
                       Instant checkedAt) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE condition_polls SET next_check_at = ?, claim_token = NULL, "
                    + "consecutive_failures = ?, last_error = ?, last_checked_at = ? "
                    + "WHERE tenant = ? AND rule_id = ? AND claim_token = ?")) {
                ps.setTimestamp(1, Jdbc.ts(nextCheckAt.orElse(null)));
                ps.setInt(2, consecutiveFailures);
                if (lastError.isPresent()) {
                    ps.setString(3, lastError.get());
                } else {
                    ps.setNull(3, Types.VARCHAR);
                }
                ps.setTimestamp(4, Jdbc.ts(checkedAt));
                ps.setObject(5, claim.tenant().value());
                ps.setObject(6, claim.rule().value());
                ps.setObject(7, claim.token());
                return ps.executeUpdate();
            }
        });
    }
}
