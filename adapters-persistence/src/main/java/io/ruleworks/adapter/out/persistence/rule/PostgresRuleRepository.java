package io.ruleworks.adapter.out.persistence.rule;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.adapter.out.persistence.support.SqlWhere;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleSortField;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class PostgresRuleRepository implements AutomationRuleRepository {

    private static final String COLUMNS = "tenant, rule_id, name, description, status, priority, trigger_type, "
            + "trigger_config, conditions, condition_logic, actions, max_concurrent_executions, "
            + "execution_timeout_minutes, retry_failed_executions, is_template, template_category, tags, metadata, "
            + "notification_settings, execution_retention_days, created_by, created_at, updated_at, execution_count, "
            + "last_executed";

    /** The only column names a sort can reach: the allowlist is the enum, never client text. */
    private static final Map<RuleSortField, String> SORT_COLUMNS = Map.of(
            RuleSortField.CREATED_AT, "created_at",
            RuleSortField.UPDATED_AT, "updated_at",
            RuleSortField.NAME, "lower(name)",
            RuleSortField.STATUS, "status",
            RuleSortField.PRIORITY, "CASE priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE 3 END",
            RuleSortField.TRIGGER_TYPE, "trigger_type",
            RuleSortField.LAST_EXECUTED, "last_executed",
            RuleSortField.EXECUTION_COUNT, "execution_count");

    private final Jdbc jdbc;

    public PostgresRuleRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(AutomationRule rule) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO automation_rules (" + COLUMNS + ") VALUES "
                    + "(?,?,?,?,?,?,?,?::jsonb,?::jsonb,?,?::jsonb,?,?,?,?,?,?::jsonb,?::jsonb,?::jsonb,?,?,?,?,?,?)")) {
                ps.setObject(1, rule.tenant().value());
                ps.setObject(2, rule.id().value());
                int next = bindDefinition(ps, 3, rule.definition());
                ps.setObject(next++, rule.createdBy().orElse(null));
                ps.setTimestamp(next++, Jdbc.ts(rule.createdAt()));
                ps.setTimestamp(next++, Jdbc.ts(rule.updatedAt()));
                ps.setLong(next++, rule.executionCount());
                ps.setTimestamp(next, Jdbc.ts(rule.lastExecuted().orElse(null)));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean update(AutomationRule rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE automation_rules SET name = ?, description = ?, status = ?, "
                    + "priority = ?, trigger_type = ?, trigger_config = ?::jsonb, conditions = ?::jsonb, "
                    + "condition_logic = ?, actions = ?::jsonb, max_concurrent_executions = ?, "
                    + "execution_timeout_minutes = ?, retry_failed_executions = ?, is_template = ?, "
                    + "template_category = ?, tags = ?::jsonb, metadata = ?::jsonb, notification_settings = ?::jsonb, "
                    + "execution_retention_days = ?, updated_at = ? WHERE tenant = ? AND rule_id = ?")) {
                int next = bindDefinition(ps, 1, rule.definition());
                ps.setTimestamp(next++, Jdbc.ts(rule.updatedAt()));
                ps.setObject(next++, rule.tenant().value());
                ps.setObject(next, rule.id().value());
                return ps.executeUpdate() == 1;
            }
        });
    }

    private int bindDefinition(PreparedStatement ps, int start, RuleDefinition d) throws SQLException {
        int i = start;
        ps.setString(i++, d.name());
        ps.setString(i++, d.description().orElse(null));
        ps.setString(i++, d.status().wire());
        ps.setString(i++, d.priority().wire());
        ps.setString(i++, d.triggerType().wire());
        ps.setString(i++, jdbc.toJson(d.triggerConfig().toMap()));
        ps.setString(i++, jdbc.toJson(d.conditions().stream().map(c -> c.toMap()).toList()));
        ps.setString(i++, d.conditionLogic().wire());
        ps.setString(i++, jdbc.toJson(d.actions().stream().map(a -> a.toMap()).toList()));
        ps.setInt(i++, d.maxConcurrentExecutions());
        ps.setInt(i++, d.executionTimeoutMinutes());
        ps.setBoolean(i++, d.retryFailedExecutions());
        ps.setBoolean(i++, d.isTemplate());
        ps.setString(i++, d.templateCategory().orElse(null));
        ps.setString(i++, jdbc.toJson(d.tags()));
        ps.setString(i++, jdbc.toJson(d.metadata()));
        ps.setString(i++, jdbc.toJson(d.notificationSettings().toMap()));
        ps.setObject(i++, d.executionRetentionDays().orElse(null), java.sql.Types.INTEGER);
        return i;
    }

    @Override
    public Optional<AutomationRule> findById(TenantId tenant, RuleId id) {
        return find(tenant, id, "");
    }

    @Override
    public Optional<Instant> versionOf(TenantId tenant, RuleId id) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT updated_at FROM automation_rules WHERE tenant = ? AND rule_id = ?")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Jdbc.instant(rs, "updated_at") : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<AutomationRule> findByIdForUpdate(TenantId tenant, RuleId id) {
        return find(tenant, id, " FOR UPDATE");
    }

    private Optional<AutomationRule> find(TenantId tenant, RuleId id, String lock) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM automation_rules "
                    + "WHERE tenant = ? AND rule_id = ?" + lock)) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(TenantId tenant, RuleId id) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("DELETE FROM automation_rules WHERE tenant = ? AND rule_id = ?")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id.value());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Page<AutomationRule> list(TenantId tenant, RuleFilter filter, PageRequest page) {
        SqlWhere where = where(tenant, filter);
        return jdbc.run(c -> where.page(c, "automation_rules", pageSql(where, filter), page, this::map));
    }

    /** The page query {@link #list} prepares for this filter (parameters: the filter's values, then limit, offset). */
    static String pageSql(TenantId tenant, RuleFilter filter) {
        return pageSql(where(tenant, filter), filter);
    }

    private static String pageSql(SqlWhere where, RuleFilter filter) {
        String direction = filter.order() == SortOrder.ASC ? "ASC" : "DESC";
        String nulls = filter.order() == SortOrder.ASC ? "NULLS FIRST" : "NULLS LAST";
        return "SELECT " + COLUMNS + " FROM automation_rules WHERE " + where.sql() + " ORDER BY "
                + SORT_COLUMNS.get(filter.sort()) + " " + direction + " " + nulls + ", rule_id " + direction
                + " LIMIT ? OFFSET ?";
    }

    private static SqlWhere where(TenantId tenant, RuleFilter f) {
        SqlWhere w = new SqlWhere("tenant = ?", tenant.value());
        f.search().ifPresent(s -> w.and("(name ILIKE ? OR description ILIKE ?)", SqlWhere.contains(s),
                SqlWhere.contains(s)));
        f.name().ifPresent(n -> w.and("name ILIKE ?", SqlWhere.contains(n)));
        f.createdFrom().ifPresent(t -> w.and("created_at >= ?", Jdbc.ts(t)));
        f.createdTo().ifPresent(t -> w.and("created_at <= ?", Jdbc.ts(t)));
        f.updatedFrom().ifPresent(t -> w.and("updated_at >= ?", Jdbc.ts(t)));
        f.updatedTo().ifPresent(t -> w.and("updated_at <= ?", Jdbc.ts(t)));
        f.isActive().ifPresent(a -> w.and(a ? "status = ?" : "status <> ?", RuleStatus.ACTIVE.wire()));
        f.status().ifPresent(s -> w.and("status = ?", s.wire()));
        f.triggerType().ifPresent(t -> w.and("trigger_type = ?", t.wire()));
        f.priority().ifPresent(p -> w.and("priority = ?", p.wire()));
        f.templateCategory().ifPresent(t -> w.and("template_category = ?", t));
        f.createdBy().ifPresent(u -> w.and("created_by = ?", u));
        f.lastExecutedFrom().ifPresent(t -> w.and("last_executed >= ?", Jdbc.ts(t)));
        f.lastExecutedTo().ifPresent(t -> w.and("last_executed <= ?", Jdbc.ts(t)));
        f.executionCountMin().ifPresent(n -> w.and("execution_count >= ?", n));
        f.executionCountMax().ifPresent(n -> w.and("execution_count <= ?", n));
        if (!f.tags().isEmpty()) {
            w.and("EXISTS (SELECT 1 FROM jsonb_array_elements_text(tags) AS tag WHERE tag = ANY (?))",
                    (Object) f.tags().stream().sorted().toArray(String[]::new));
        }
        f.isTemplate().ifPresent(t -> w.and("is_template = ?", t));
        return w;
    }

    private AutomationRule map(ResultSet rs) throws SQLException {
        RuleDraft stored = new RuleDraft(Optional.of(rs.getString("name")), Optional.ofNullable(rs.getString("description")),
                Optional.of(rs.getString("status")), Optional.of(rs.getString("priority")),
                Optional.of(rs.getString("trigger_type")), Optional.of(jdbc.jsonObject(rs.getString("trigger_config"))),
                Optional.of(jdbc.jsonArray(rs.getString("conditions"))), Optional.of(rs.getString("condition_logic")),
                Optional.of(jdbc.jsonArray(rs.getString("actions"))),
                Optional.of((long) rs.getInt("max_concurrent_executions")),
                Optional.of((long) rs.getInt("execution_timeout_minutes")),
                Optional.of(rs.getBoolean("retry_failed_executions")), Optional.of(rs.getBoolean("is_template")),
                Optional.ofNullable(rs.getString("template_category")),
                Optional.of(jdbc.jsonArray(rs.getString("tags")).stream().map(String::valueOf).toList()),
                Optional.of(jdbc.jsonObject(rs.getString("metadata"))),
                Optional.of(jdbc.jsonObject(rs.getString("notification_settings"))),
                Optional.ofNullable((Integer) rs.getObject("execution_retention_days")).map(Integer::longValue));
        return AutomationRule.reconstitute(new RuleId(rs.getObject("rule_id", UUID.class)),
                new TenantId(rs.getObject("tenant", UUID.class)), RuleDefinition.from(stored),
                Jdbc.uuid(rs, "created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("execution_count"),
                Jdbc.instant(rs, "last_executed"));
    }
}
