package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.event.Outbox;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Singleton
public class PostgresOutbox implements Outbox {

    private final Jdbc jdbc;

    public PostgresOutbox(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Entry> lockUnpublished(int max) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT event_id, tenant, event_type, execution_id, rule_id, occurred_at "
                    + "FROM automation_outbox ORDER BY event_id LIMIT ? "
                    + "FOR UPDATE SKIP LOCKED")) {
                ps.setInt(1, max);
                List<Entry> entries = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong(1), new TenantId(rs.getObject(2, UUID.class)), rs.getString(3),
                                new ExecutionId(rs.getObject(4, UUID.class)), new RuleId(rs.getObject(5, UUID.class)),
                                rs.getTimestamp(6).toInstant()));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public void markPublished(List<Long> ids) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("DELETE FROM automation_outbox WHERE event_id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                return ps.executeUpdate();
            }
        });
    }
}
