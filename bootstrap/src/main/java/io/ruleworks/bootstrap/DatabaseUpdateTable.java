package io.ruleworks.bootstrap;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.util.List;

/**
 * One table that database_update may write: {@code ruleworks.database-update.tables.<table>.columns}
 * lists the columns a rule may set or filter on, spelled exactly as in the database.
 */
@EachProperty("ruleworks.database-update.tables")
public class DatabaseUpdateTable {

    private final String name;
    private List<String> columns = List.of();

    public DatabaseUpdateTable(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public List<String> getColumns() {
        return columns;
    }

    public void setColumns(List<String> columns) {
        this.columns = List.copyOf(columns);
    }
}
