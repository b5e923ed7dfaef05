package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.domain.execution.ExecutionContext;
import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.WireEnum;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Maps automation_executions rows to ExecutionState, and the execution context and log entries to and from JSONB. */
public final class ExecutionRows {

    public static final String COLUMNS = "tenant, execution_id, automation_rule_id, trigger_type, trigger_data, status, "
            + "priority_rank, started_at, completed_at, duration_ms, actions_total, actions_successful, "
            + "actions_failed, error_message, error_stack, failed_action_index, execution_context, logs, created_at, "
            + "updated_at, available_at, attempt, retry_count, parent_execution_id, chain_depth, idempotency_key, "
            + "request_hash";

    private final Jdbc jdbc;

    public ExecutionRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public ExecutionState map(ResultSet rs) throws SQLException {
        Priority priority = Priority.values()[Priority.CRITICAL.ordinal() - rs.getInt("priority_rank")];
        return new ExecutionState(new ExecutionId(rs.getObject("execution_id", UUID.class)),
                new TenantId(rs.getObject("tenant", UUID.class)),
                new RuleId(rs.getObject("automation_rule_id", UUID.class)),
                WireEnum.require(TriggerType.class, rs.getString("trigger_type")),
                jdbc.jsonObject(rs.getString("trigger_data")),
                WireEnum.require(ExecutionStatus.class, rs.getString("status")), priority,
                Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "completed_at"), Jdbc.nullableLong(rs, "duration_ms"),
                rs.getInt("actions_total"), rs.getInt("actions_successful"), rs.getInt("actions_failed"),
                Optional.ofNullable(rs.getString("error_message")), Optional.ofNullable(rs.getString("error_stack")),
                Jdbc.nullableLong(rs, "failed_action_index").map(Long::intValue),
                context(rs.getString("execution_context")), logs(rs.getString("logs")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getTimestamp("available_at").toInstant(), rs.getInt("attempt"), rs.getInt("retry_count"),
                Jdbc.uuid(rs, "parent_execution_id").map(ExecutionId::new), rs.getInt("chain_depth"),
                Optional.ofNullable(rs.getString("idempotency_key")), Optional.ofNullable(rs.getString("request_hash")));
    }

    /** The execution_context column: the typed context in its JSON shape ({@link ExecutionContext#toJson()}). */
    public String contextJson(ExecutionContext context) {
        return jdbc.toJson(context.toJson());
    }

    private ExecutionContext context(String json) {
        return ExecutionContext.fromJson(jdbc.jsonObject(json));
    }

    public String logsJson(List<ExecutionLogEntry> logs) {
        return jdbc.toJson(logs.stream().map(ExecutionRows::logMap).toList());
    }

    private static Map<String, Object> logMap(ExecutionLogEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("timestamp", entry.timestamp().toString());
        map.put("level", entry.level().wire());
        map.put("message", entry.message());
        entry.actionIndex().ifPresent(i -> map.put("action_index", i));
        if (!entry.metadata().isEmpty()) {
            map.put("metadata", entry.metadata());
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private List<ExecutionLogEntry> logs(String json) {
        return jdbc.jsonArray(json).stream().map(o -> (Map<String, Object>) o).map(m -> new ExecutionLogEntry(
                ConfigReader.parseInstant(String.valueOf(m.get("timestamp"))).orElse(Instant.EPOCH),
                WireEnum.parse(LogLevel.class, String.valueOf(m.get("level"))).orElse(LogLevel.INFO),
                String.valueOf(m.get("message")),
                m.get("action_index") instanceof Number n ? Optional.of(n.intValue()) : Optional.empty(),
                m.get("metadata") instanceof Map<?, ?> meta ? (Map<String, Object>) meta : Map.of())).toList();
    }
}
