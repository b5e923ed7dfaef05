package io.ruleworks.bootstrap;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * One table that database_update may write: {@code ruleworks.database-update.tables.<table>.columns}
 * lists the columns a rule may set or filter on, spelled exactly as in the database; a table
 * listed without columns stops the start (checked at start, {@link Context}).
 */
@Context
@EachProperty("ruleworks.database-update.tables")
public class DatabaseUpdateTable {

    private final String name;
    @NotEmpty
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
