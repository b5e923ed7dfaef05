package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.event.EventStore;
import io.ruleworks.domain.event.EventWindow;
import io.ruleworks.domain.event.IngestedEvent;
import io.ruleworks.domain.event.Lineage;
import io.ruleworks.domain.rule.EventTrigger;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Singleton
public class PostgresEventStore implements EventStore {

    private static final String WINDOW_COLUMNS = "window_id, kind, opened_at, fires_at, event_count, last_event, "
            + "lineage_chain, lineage_depth";

    private final Jdbc jdbc;

    public PostgresEventStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Earlier> recordUnlessDuplicate(TenantId tenant, IngestedEvent event, Optional<String> idempotencyKey,
                                                   Optional<String> requestHash, Instant receivedAt) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO automation_events (tenant, event_id, idempotency_key, "
                    + "request_hash, event_type, event_source, occurred_at, received_at) VALUES (?,?,?,?,?,?,?,?) "
                    + "ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, UUID.fromString(event.id()));
                ps.setString(3, idempotencyKey.orElse(null));
                ps.setString(4, requestHash.orElse(null));
                ps.setString(5, event.type());
                ps.setString(6, event.source().orElse(null));
                ps.setTimestamp(7, Jdbc.ts(event.occurredAt()));
                ps.setTimestamp(8, Jdbc.ts(receivedAt));
                if (ps.executeUpdate() == 1) {
                    return Optional.<Earlier>empty();
                }
            }
            try (var ps = c.prepareStatement("SELECT request_hash, result FROM automation_events "
                    + "WHERE tenant = ? AND idempotency_key = ?")) {
                ps.setObject(1, tenant.value());
                ps.setString(2, idempotencyKey.orElseThrow());
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("idempotency key conflict without a row");
                    }
                    return Optional.of(new Earlier(rs.getString(1), jdbc.jsonObject(rs.getString(2))));
                }
            }
        });
    }

    @Override
    public int forgetReceivedBefore(Instant cutoff, int max) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("DELETE FROM automation_events WHERE (tenant, event_id) IN "
                    + "(SELECT tenant, event_id FROM automation_events WHERE received_at < ? LIMIT ?)")) {
                ps.setTimestamp(1, Jdbc.ts(cutoff));
                ps.setInt(2, max);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void saveResult(TenantId tenant, String eventId, Map<String, Object> result) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE automation_events SET result = ?::jsonb "
                    + "WHERE tenant = ? AND event_id = ?")) {
                ps.setString(1, jdbc.toJson(result));
                ps.setObject(2, tenant.value());
                ps.setObject(3, UUID.fromString(eventId));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<RuleId> listeningRules(TenantId tenant, List<String> eventTypes) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT rule_id FROM automation_rules WHERE tenant = ? "
                    + "AND trigger_type = 'event_based' AND status = 'active' "
                    + "AND (trigger_config ->> 'event_type') = ANY (?) ORDER BY created_at, rule_id")) {
                ps.setObject(1, tenant.value());
                ps.setArray(2, c.createArrayOf("text", eventTypes.toArray()));
                List<RuleId> out = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RuleId(rs.getObject(1, UUID.class)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Set<TenantId> tenantsListening(Collection<TenantId> tenants, String typePrefix) {
        if (tenants.isEmpty()) {
            return Set.of();
        }
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT DISTINCT tenant FROM automation_rules WHERE tenant = ANY (?) "
                    + "AND trigger_type = 'event_based' AND status = 'active' "
                    + "AND starts_with(trigger_config ->> 'event_type', ?)")) {
                ps.setArray(1, c.createArrayOf("uuid", tenants.stream().map(TenantId::value).distinct().toArray()));
                ps.setString(2, typePrefix);
                Set<TenantId> out = new HashSet<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TenantId(rs.getObject(1, UUID.class)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public EventWindow lockOrOpenWindow(TenantId tenant, RuleId rule, EventWindow fresh) {
        return jdbc.run(c -> {
            Optional<EventWindow> existing = lockWindow(c, tenant, rule);
            if (existing.isPresent()) {
                return existing.get();
            }
            try (var ps = c.prepareStatement("INSERT INTO event_windows (tenant, rule_id, " + WINDOW_COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?::jsonb,?::jsonb,?) ON CONFLICT (tenant, rule_id) DO NOTHING")) {
                bindWindow(ps, 1, tenant, rule, fresh);
                if (ps.executeUpdate() == 1) {
                    return fresh;
                }
            }
            // Another event opened it meanwhile: wait for its transaction and take that window.
            return lockWindow(c, tenant, rule).orElseGet(() -> lockOrOpenWindow(tenant, rule, fresh));
        });
    }

    private Optional<EventWindow> lockWindow(Connection c, TenantId tenant, RuleId rule) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + WINDOW_COLUMNS + " FROM event_windows "
                + "WHERE tenant = ? AND rule_id = ? FOR UPDATE")) {
            ps.setObject(1, tenant.value());
            ps.setObject(2, rule.value());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(window(rs)) : Optional.empty();
            }
        }
    }

    private void bindWindow(java.sql.PreparedStatement ps, int from, TenantId tenant, RuleId rule, EventWindow w)
            throws SQLException {
        ps.setObject(from, tenant.value());
        ps.setObject(from + 1, rule.value());
        ps.setObject(from + 2, w.id());
        ps.setString(from + 3, kind(w.kind()));
        ps.setTimestamp(from + 4, Jdbc.ts(w.openedAt()));
        ps.setTimestamp(from + 5, Jdbc.ts(w.firesAt().orElse(null)));
        ps.setInt(from + 6, w.count());
        ps.setString(from + 7, w.lastEvent().map(e -> jdbc.toJson(e.toMap())).orElse(null));
        ps.setString(from + 8, jdbc.toJson(w.lineage().chain()));
        ps.setInt(from + 9, w.lineage().depth());
    }

    @Override
    public void saveWindow(TenantId tenant, RuleId rule, EventWindow window) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE event_windows SET fires_at = ?, event_count = ?, "
                    + "last_event = ?::jsonb, lineage_chain = ?::jsonb, lineage_depth = ? "
                    + "WHERE tenant = ? AND rule_id = ? AND window_id = ?")) {
                ps.setTimestamp(1, Jdbc.ts(window.firesAt().orElse(null)));
                ps.setInt(2, window.count());
                ps.setString(3, window.lastEvent().map(e -> jdbc.toJson(e.toMap())).orElse(null));
                ps.setString(4, jdbc.toJson(window.lineage().chain()));
                ps.setInt(5, window.lineage().depth());
                ps.setObject(6, tenant.value());
                ps.setObject(7, rule.value());
                ps.setObject(8, window.id());
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("event window " + window.id() + " of rule " + rule + " is gone");
                }
                return 1;
            }
        });
    }

    @Override
    public void addToBatch(TenantId tenant, RuleId rule, IngestedEvent event) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO event_window_events (tenant, rule_id, event) "
                    + "VALUES (?, ?, ?::jsonb)")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                ps.setString(3, jdbc.toJson(event.toMap()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Map<String, Object>> batchEvents(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT event FROM event_window_events WHERE tenant = ? AND rule_id = ? "
                    + "ORDER BY seq")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                List<Map<String, Object>> out = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(jdbc.jsonObject(rs.getString(1)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void closeWindow(TenantId tenant, RuleId rule) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("DELETE FROM event_windows WHERE tenant = ? AND rule_id = ?")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<DueWindow> lockDue(Instant now, int max) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT tenant, rule_id, " + WINDOW_COLUMNS + " FROM event_windows "
                    + "WHERE fires_at IS NOT NULL AND fires_at <= ? ORDER BY fires_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setTimestamp(1, Jdbc.ts(now));
                ps.setInt(2, max);
                List<DueWindow> out = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DueWindow(new TenantId(rs.getObject("tenant", UUID.class)),
                                new RuleId(rs.getObject("rule_id", UUID.class)), window(rs)));
                    }
                }
                return out;
            }
        });
    }

    private EventWindow window(ResultSet rs) throws SQLException {
        List<String> chain = jdbc.jsonArray(rs.getString("lineage_chain")).stream().map(String::valueOf).toList();
        Optional<IngestedEvent> last = Optional.ofNullable(rs.getString("last_event")).map(jdbc::jsonObject)
                .map(PostgresEventStore::event);
        return new EventWindow(rs.getObject("window_id", UUID.class),
                "batch".equals(rs.getString("kind")) ? EventTrigger.Mode.BATCH : EventTrigger.Mode.DEBOUNCE,
                rs.getTimestamp("opened_at").toInstant(), Jdbc.instant(rs, "fires_at"), rs.getInt("event_count"),
                last, new Lineage(chain, rs.getInt("lineage_depth")));
    }

    @SuppressWarnings("unchecked")
    private static IngestedEvent event(Map<String, Object> map) {
        return new IngestedEvent(String.valueOf(map.get("id")), String.valueOf(map.get("type")),
                Optional.ofNullable(map.get("source")).map(String::valueOf),
                Instant.parse(String.valueOf(map.get("occurred_at"))),
                map.get("payload") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of());
    }

    private static String kind(EventTrigger.Mode mode) {
        return mode == EventTrigger.Mode.BATCH ? "batch" : "debounce";
    }
}
