package io.ruleworks.adapter.out.persistence.template;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.adapter.out.persistence.support.SqlWhere;
import io.ruleworks.application.port.out.template.AutomationTemplateRepository;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateFilter;
import io.ruleworks.domain.template.TemplateId;
import io.ruleworks.domain.template.TemplateSortField;
import io.ruleworks.domain.template.TemplateVariable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class PostgresTemplateRepository implements AutomationTemplateRepository {

    private static final String COLUMNS = "tenant, template_id, name, description, category, icon, template_config, "
            + "version, author, compatible_versions, required_permissions, usage_count, last_used, "
            + "template_variables, is_active, is_featured, created_at, updated_at";

    /** The only column names a sort can reach: the allowlist is the enum, never client text. */
    private static final Map<TemplateSortField, String> SORT_COLUMNS = Map.of(
            TemplateSortField.CREATED_AT, "created_at",
            TemplateSortField.UPDATED_AT, "updated_at",
            TemplateSortField.NAME, "lower(name)",
            TemplateSortField.CATEGORY, "category",
            TemplateSortField.USAGE_COUNT, "usage_count",
            TemplateSortField.LAST_USED, "last_used");

    private final Jdbc jdbc;

    public PostgresTemplateRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(AutomationTemplate t) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO automation_templates (" + COLUMNS + ") VALUES "
                    + "(?,?,?,?,?,?,?::jsonb,?,?,?::jsonb,?::jsonb,?,?,?::jsonb,?,?,?,?)")) {
                int i = 1;
                ps.setObject(i++, t.tenant().value());
                ps.setObject(i++, t.id().value());
                ps.setString(i++, t.name());
                ps.setString(i++, t.description().orElse(null));
                ps.setString(i++, t.category());
                ps.setString(i++, t.icon().orElse(null));
                ps.setString(i++, jdbc.toJson(t.config()));
                ps.setString(i++, t.version());
                ps.setString(i++, t.author().orElse(null));
                ps.setString(i++, jdbc.toJson(t.compatibleVersions()));
                ps.setString(i++, jdbc.toJson(t.requiredPermissions()));
                ps.setLong(i++, t.usageCount());
                ps.setTimestamp(i++, Jdbc.ts(t.lastUsed().orElse(null)));
                ps.setString(i++, jdbc.toJson(t.variables().stream().map(TemplateVariable::toMap).toList()));
                ps.setBoolean(i++, t.isActive());
                ps.setBoolean(i++, t.isFeatured());
                ps.setTimestamp(i++, Jdbc.ts(t.createdAt()));
                ps.setTimestamp(i, Jdbc.ts(t.updatedAt()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<AutomationTemplate> findById(TenantId tenant, TemplateId id) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM automation_templates "
                    + "WHERE tenant = ? AND template_id = ?")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean recordUse(TenantId tenant, TemplateId id, Instant at) {
        return jdbc.run(c -> {
            // One statement: the row lock serialises concurrent uses, so each one is counted.
            try (var ps = c.prepareStatement("UPDATE automation_templates SET usage_count = usage_count + 1, "
                    + "last_used = GREATEST(last_used, ?) WHERE tenant = ? AND template_id = ?")) {
                ps.setTimestamp(1, Jdbc.ts(at));
                ps.setObject(2, tenant.value());
                ps.setObject(3, id.value());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Page<AutomationTemplate> list(TenantId tenant, TemplateFilter filter, PageRequest page) {
        SqlWhere where = where(tenant, filter, jdbc);
        return jdbc.run(c -> where.page(c, "automation_templates", pageSql(where, filter), page, this::map));
    }

    /** The page query {@link #list} prepares for this filter (parameters: the filter's values, then limit, offset). */
    String pageSql(TenantId tenant, TemplateFilter filter) {
        return pageSql(where(tenant, filter, jdbc), filter);
    }

    /** The values {@link #pageSql(TenantId, TemplateFilter)} binds before limit and offset. */
    int bindWhere(java.sql.PreparedStatement ps, TenantId tenant, TemplateFilter filter) throws SQLException {
        return where(tenant, filter, jdbc).bind(ps);
    }

    private static String pageSql(SqlWhere where, TemplateFilter filter) {
        String direction = filter.order() == SortOrder.ASC ? "ASC" : "DESC";
        String nulls = filter.order() == SortOrder.ASC ? "NULLS FIRST" : "NULLS LAST";
        return "SELECT " + COLUMNS + " FROM automation_templates WHERE " + where.sql() + " ORDER BY "
                + SORT_COLUMNS.get(filter.sort()) + " " + direction + " " + nulls + ", template_id " + direction
                + " LIMIT ? OFFSET ?";
    }

    private static SqlWhere where(TenantId tenant, TemplateFilter f, Jdbc jdbc) {
        SqlWhere w = new SqlWhere("tenant = ?", tenant.value());
        f.search().ifPresent(s -> w.and("(name ILIKE ? OR description ILIKE ?)", SqlWhere.contains(s),
                SqlWhere.contains(s)));
        f.category().ifPresent(c -> w.and("category = ?", c));
        f.isFeatured().ifPresent(b -> w.and("is_featured = ?", b));
        f.isActive().ifPresent(b -> w.and("is_active = ?", b));
        f.compatibleVersion().ifPresent(v -> w.and("compatible_versions @> ?::jsonb", jdbc.toJson(List.of(v))));
        f.author().ifPresent(a -> w.and("author = ?", a));
        f.usageCountMin().ifPresent(n -> w.and("usage_count >= ?", n));
        f.usageCountMax().ifPresent(n -> w.and("usage_count <= ?", n));
        f.createdFrom().ifPresent(t -> w.and("created_at >= ?", Jdbc.ts(t)));
        f.createdTo().ifPresent(t -> w.and("created_at <= ?", Jdbc.ts(t)));
        f.updatedFrom().ifPresent(t -> w.and("updated_at >= ?", Jdbc.ts(t)));
        f.updatedTo().ifPresent(t -> w.and("updated_at <= ?", Jdbc.ts(t)));
        return w;
    }

    private AutomationTemplate map(ResultSet rs) throws SQLException {
        List<TemplateVariable> variables = new ArrayList<>();
        List<Object> stored = jdbc.jsonArray(rs.getString("template_variables"));
        for (int i = 0; i < stored.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) stored.get(i);
            Violations v = new Violations();
            variables.add(TemplateVariable.parse(TemplateVariable.draftOf(raw), "template_variables[" + i + "]", v)
                    .orElseThrow(() -> new IllegalStateException("stored template variable is invalid: " + v.asList())));
        }
        return AutomationTemplate.reconstitute(new TemplateId(rs.getObject("template_id", UUID.class)),
                new TenantId(rs.getObject("tenant", UUID.class)), rs.getString("name"),
                Optional.ofNullable(rs.getString("description")), rs.getString("category"),
                Optional.ofNullable(rs.getString("icon")), jdbc.jsonObject(rs.getString("template_config")),
                rs.getString("version"), Optional.ofNullable(rs.getString("author")),
                strings(jdbc.jsonArray(rs.getString("compatible_versions"))),
                strings(jdbc.jsonArray(rs.getString("required_permissions"))), rs.getLong("usage_count"),
                Jdbc.instant(rs, "last_used"), variables, rs.getBoolean("is_active"), rs.getBoolean("is_featured"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static List<String> strings(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }
}
