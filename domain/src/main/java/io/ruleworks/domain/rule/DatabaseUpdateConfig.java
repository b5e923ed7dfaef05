package io.ruleworks.domain.rule;

import java.util.Map;
import java.util.Objects;

/**
 * database_update: the table, the operation (insert, update or delete, as on the wire), the
 * columns to write ({@code data}) and to match by equality ({@code conditions}; both empty when
 * absent, a value may be null) and whether to return the written rows.
 */
public record DatabaseUpdateConfig(String table, String operation, Map<String, Object> data,
                                   Map<String, Object> conditions, boolean returnUpdated) implements ActionConfig {

    public DatabaseUpdateConfig {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(conditions, "conditions");
    }

    static DatabaseUpdateConfig of(RenderedConfig config) {
        return new DatabaseUpdateConfig(config.shown("table"), config.shown("operation"),
                config.objectView("data"), config.objectView("conditions"),
                config.flag("return_updated"));
    }
}
