package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.application.port.out.trigger.ScheduleStore;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class PostgresScheduleStore implements ScheduleStore {

    private final Jdbc jdbc;

    public PostgresScheduleStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<RuleVersion> stale(int max) {
        return StaleRuleVersions.find(jdbc, "rule_schedules", "IN ('time_based', 'recurring')", max);
    }

    @Override
    public void save(RuleVersion version, Optional<Instant> nextFireAt) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO rule_schedules (tenant, rule_id, rule_updated_at, "
                    + "next_fire_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, rule_id) DO UPDATE "
                    + "SET rule_updated_at = excluded.rule_updated_at, next_fire_at = excluded.next_fire_at "
                    + "WHERE rule_schedules.rule_updated_at <> excluded.rule_updated_at")) {
                ps.setObject(1, version.tenant().value());
                ps.setObject(2, version.rule().value());
                ps.setTimestamp(3, Jdbc.ts(version.updatedAt()));
                ps.setTimestamp(4, Jdbc.ts(nextFireAt.orElse(null)));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Due> lockDue(Instant now, int max) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT s.tenant, s.rule_id, s.rule_updated_at, s.next_fire_at, "
                    + "s.fire_count FROM rule_schedules s JOIN automation_rules r "
                    + "ON r.tenant = s.tenant AND r.rule_id = s.rule_id AND r.updated_at = s.rule_updated_at "
                    + "WHERE s.next_fire_at IS NOT NULL AND s.next_fire_at <= ? "
                    + "ORDER BY s.next_fire_at LIMIT ? FOR UPDATE OF s SKIP LOCKED")) {
                ps.setTimestamp(1, Jdbc.ts(now));
                ps.setInt(2, max);
                List<Due> out = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Due(new TenantId(rs.getObject(1, UUID.class)),
                                new RuleId(rs.getObject(2, UUID.class)), rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant(), rs.getLong(5)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void advance(TenantId tenant, RuleId rule, Optional<Instant> nextFireAt, long fireCount, Instant handledAt, String outcome) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE rule_schedules SET next_fire_at = ?, fire_count = ?, "
                    + "last_handled_at = ?, last_outcome = ? WHERE tenant = ? AND rule_id = ?")) {
                ps.setTimestamp(1, Jdbc.ts(nextFireAt.orElse(null)));
                ps.setLong(2, fireCount);
                ps.setTimestamp(3, Jdbc.ts(handledAt));
                ps.setString(4, outcome);
                ps.setObject(5, tenant.value());
                ps.setObject(6, rule.value());
                return ps.executeUpdate();
            }
        });
    }
}
