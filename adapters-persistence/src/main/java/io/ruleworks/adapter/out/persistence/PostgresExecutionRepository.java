package io.ruleworks.adapter.out.persistence;

import io.ruleworks.application.port.out.AutomationExecutionRepository;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Singleton
public class PostgresExecutionRepository implements AutomationExecutionRepository {

    private static final Map<ExecutionFilter.SortField, String> SORT_COLUMNS = Map.of(
            ExecutionFilter.SortField.CREATED_AT, "created_at",
            ExecutionFilter.SortField.STARTED_AT, "started_at",
            ExecutionFilter.SortField.COMPLETED_AT, "completed_at",
            ExecutionFilter.SortField.DURATION_MS, "duration_ms",
            ExecutionFilter.SortField.STATUS, "status");

    private final Jdbc jdbc;
    private final ExecutionRows rows;

    public PostgresExecutionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.rows = new ExecutionRows(jdbc);
    }

    @Override
    public ExecutionStatistics statisticsFor(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("""
                    SELECT count(*) AS total,
                           count(*) FILTER (WHERE status = 'completed') AS successful,
                           count(*) FILTER (WHERE status IN ('failed', 'timeout')) AS failed,
                           count(*) FILTER (WHERE status IN ('pending', 'running')) AS in_flight,
                           avg(duration_ms) FILTER (WHERE duration_ms IS NOT NULL) AS avg_duration,
                           max(coalesce(started_at, created_at)) AS last_execution
                      FROM automation_executions
                     WHERE tenant = ? AND automation_rule_id = ?""")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    double avg = rs.getDouble("avg_duration");
                    Optional<Double> average = rs.wasNull() ? Optional.empty() : Optional.of(Math.round(avg * 100) / 100.0);
                    return new ExecutionStatistics(rs.getLong("total"), rs.getLong("successful"), rs.getLong("failed"),
                            rs.getLong("in_flight"), average, Jdbc.instant(rs, "last_execution"));
                }
            }
        });
    }

    @Override
    public boolean hasInFlightExecutions(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM automation_executions "
                    + "WHERE tenant = ? AND automation_rule_id = ? AND status IN ('pending', 'running'))")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public Optional<ExecutionState> insertUnlessDuplicate(AutomationExecution execution, boolean countOnRule) {
        ExecutionState s = execution.state();
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO automation_executions (" + ExecutionRows.COLUMNS
                    + ") VALUES (?,?,?,?,?::jsonb,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?::jsonb,?,?,?,?,?,?,?,?,?) "
                    + "ON CONFLICT (tenant, automation_rule_id, idempotency_key) WHERE idempotency_key IS NOT NULL "
                    + "DO NOTHING")) {
                int i = 1;
                ps.setObject(i++, s.tenant().value());
                ps.setObject(i++, s.id().value());
                ps.setObject(i++, s.ruleId().value());
                ps.setString(i++, s.triggerType().wire());
                ps.setString(i++, jdbc.toJson(s.triggerData()));
                ps.setString(i++, s.status().wire());
                ps.setInt(i++, s.priority().rank());
                i = bindProgress(ps, i, s);
                ps.setTimestamp(i++, Jdbc.ts(s.createdAt()));
                ps.setTimestamp(i++, Jdbc.ts(s.updatedAt()));
                ps.setTimestamp(i++, Jdbc.ts(s.availableAt()));
                ps.setInt(i++, s.attempt());
                ps.setInt(i++, s.retryCount());
                ps.setObject(i++, s.parentExecutionId().map(ExecutionId::value).orElse(null));
                ps.setInt(i++, s.chainDepth());
                ps.setString(i++, s.idempotencyKey().orElse(null));
                ps.setString(i, s.requestHash().orElse(null));
                if (ps.executeUpdate() == 0) {
                    return Optional.of(byIdempotencyKey(c, s));
                }
            }
            writeEvents(c, execution.drainEvents());
            if (countOnRule) {
                try (var ps = c.prepareStatement("UPDATE automation_rules SET execution_count = execution_count + 1, "
                        + "last_executed = ? WHERE tenant = ? AND rule_id = ?")) {
                    ps.setTimestamp(1, Jdbc.ts(s.createdAt()));
                    ps.setObject(2, s.tenant().value());
                    ps.setObject(3, s.ruleId().value());
                    ps.executeUpdate();
                }
            }
            return Optional.empty();
        });
    }

    /** Binds started_at .. logs (11 columns) in table order; returns the next index. */
    private int bindProgress(PreparedStatement ps, int start, ExecutionState s) throws SQLException {
        int i = start;
        ps.setTimestamp(i++, Jdbc.ts(s.startedAt().orElse(null)));
        ps.setTimestamp(i++, Jdbc.ts(s.completedAt().orElse(null)));
        setLong(ps, i++, s.durationMs());
        ps.setInt(i++, s.actionsTotal());
        ps.setInt(i++, s.actionsSuccessful());
        ps.setInt(i++, s.actionsFailed());
        ps.setString(i++, s.errorMessage().orElse(null));
        ps.setString(i++, s.errorStack().orElse(null));
        setLong(ps, i++, s.failedActionIndex().map(Integer::longValue));
        ps.setString(i++, jdbc.toJson(s.executionContext()));
        ps.setString(i++, rows.logsJson(s.logs()));
        return i;
    }

    private static void setLong(PreparedStatement ps, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    private ExecutionState byIdempotencyKey(Connection c, ExecutionState s) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + ExecutionRows.COLUMNS + " FROM automation_executions "
                + "WHERE tenant = ? AND automation_rule_id = ? AND idempotency_key = ?")) {
            ps.setObject(1, s.tenant().value());
            ps.setObject(2, s.ruleId().value());
            ps.setString(3, s.idempotencyKey().orElseThrow());
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("idempotency conflict without a visible row");
                }
                return rows.map(rs);
            }
        }
    }

    static void writeEvents(Connection c, List<ExecutionEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (var ps = c.prepareStatement("INSERT INTO automation_outbox (tenant, event_type, execution_id, rule_id, "
                + "occurred_at) VALUES (?, ?, ?, ?, ?)")) {
            for (ExecutionEvent e : events) {
                ps.setObject(1, e.tenant().value());
                ps.setString(2, e.type());
                ps.setObject(3, e.executionId().value());
                ps.setObject(4, e.ruleId().value());
                ps.setTimestamp(5, Jdbc.ts(e.occurredAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public Optional<AutomationExecution> findById(TenantId tenant, ExecutionId id) {
        return find(tenant, id, "");
    }

    @Override
    public Optional<AutomationExecution> findByIdForUpdate(TenantId tenant, ExecutionId id) {
        return find(tenant, id, " FOR UPDATE");
    }

    private Optional<AutomationExecution> find(TenantId tenant, ExecutionId id, String lock) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + ExecutionRows.COLUMNS + " FROM automation_executions "
                    + "WHERE tenant = ? AND execution_id = ?" + lock)) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(AutomationExecution.reconstitute(rows.map(rs))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean update(AutomationExecution execution, Optional<String> leaseHolder) {
        ExecutionState s = execution.state();
        boolean running = s.status() == ExecutionStatus.RUNNING;
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE automation_executions SET status = ?, started_at = ?, "
                    + "completed_at = ?, duration_ms = ?, actions_total = ?, actions_successful = ?, actions_failed = ?, "
                    + "error_message = ?, error_stack = ?, failed_action_index = ?, execution_context = ?::jsonb, "
                    + "logs = ?::jsonb, updated_at = ?, available_at = ?, retry_count = ?"
                    + (running ? "" : ", lease_owner = NULL, lease_expires_at = NULL")
                    + " WHERE tenant = ? AND execution_id = ?"
                    + (leaseHolder.isPresent() ? " AND status = 'running' AND lease_owner = ?" : ""))) {
                int i = 1;
                ps.setString(i++, s.status().wire());
                i = bindProgress(ps, i, s);
                ps.setTimestamp(i++, Jdbc.ts(s.updatedAt()));
                ps.setTimestamp(i++, Jdbc.ts(s.availableAt()));
                ps.setInt(i++, s.retryCount());
                ps.setObject(i++, s.tenant().value());
                ps.setObject(i++, s.id().value());
                if (leaseHolder.isPresent()) {
                    ps.setString(i, leaseHolder.get());
                }
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            writeEvents(c, execution.drainEvents());
            return true;
        });
    }

    @Override
    public void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE automation_executions SET logs = logs || ?::jsonb "
                    + "WHERE tenant = ? AND execution_id = ?")) {
                ps.setString(1, rows.logsJson(entries));
                ps.setObject(2, tenant.value());
                ps.setObject(3, id.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Page<ExecutionState> list(TenantId tenant, ExecutionFilter f, PageRequest page) {
        SqlWhere where = new SqlWhere("tenant = ?", tenant.value());
        f.ruleId().ifPresent(r -> where.and("automation_rule_id = ?", r.value()));
        f.status().ifPresent(st -> where.and("status = ?", st.wire()));
        f.startedFrom().ifPresent(t -> where.and("started_at >= ?", Jdbc.ts(t)));
        f.startedTo().ifPresent(t -> where.and("started_at <= ?", Jdbc.ts(t)));
        f.createdFrom().ifPresent(t -> where.and("created_at >= ?", Jdbc.ts(t)));
        f.createdTo().ifPresent(t -> where.and("created_at <= ?", Jdbc.ts(t)));
        f.updatedFrom().ifPresent(t -> where.and("updated_at >= ?", Jdbc.ts(t)));
        f.updatedTo().ifPresent(t -> where.and("updated_at <= ?", Jdbc.ts(t)));
        f.inFlight().ifPresent(a -> where.and(a ? "status IN ('pending', 'running')"
                : "status NOT IN ('pending', 'running')"));
        f.durationMinMs().ifPresent(d -> where.and("duration_ms >= ?", d));
        f.durationMaxMs().ifPresent(d -> where.and("duration_ms <= ?", d));
        f.hasErrors().ifPresent(h -> where.and(h ? "(error_message IS NOT NULL OR actions_failed > 0)"
                : "(error_message IS NULL AND actions_failed = 0)"));
        f.triggerType().ifPresent(t -> where.and("trigger_type = ?", t.wire()));
        f.search().ifPresent(s -> where.and("error_message ILIKE ?", SqlWhere.contains(s)));
        String direction = f.order() == SortOrder.ASC ? "ASC NULLS FIRST" : "DESC NULLS LAST";
        String pageSql = "SELECT " + ExecutionRows.COLUMNS + " FROM automation_executions WHERE " + where.sql()
                + " ORDER BY " + SORT_COLUMNS.get(f.sort()) + " " + direction + ", execution_id "
                + (f.order() == SortOrder.ASC ? "ASC" : "DESC") + " LIMIT ? OFFSET ?";
        return jdbc.run(c -> where.page(c, "automation_executions", pageSql, page, rows::map));
    }
}
