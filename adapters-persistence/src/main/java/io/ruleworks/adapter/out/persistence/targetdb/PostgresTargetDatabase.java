package io.ruleworks.adapter.out.persistence.targetdb;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.application.port.out.action.TargetDatabase.Refused.Reason;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * database_update's writes, on a PostgreSQL database of its own (the target, never the service's
 * database). The only SQL text is built here, from identifiers of the allowlist, each quoted in
 * its allowlisted spelling; every value is a bind parameter converted to the JDBC type of its
 * column, which is read from the database's metadata once per table. A statement runs alone
 * (auto-commit) with the action's timeout as its query timeout.
 */
public final class PostgresTargetDatabase implements TargetDatabase, AutoCloseable {

    private static final Argument<List<Map<String, Object>>> ROWS =
            Argument.listOf(Argument.mapOf(String.class, Object.class));
    private static final int MAX_MESSAGE = 500;

    private final DataSource pool;
    private final String schema;
    private final Map<String, Set<String>> allowlist;
    private final Set<String> views;
    private final JsonMapper json;
    private final Map<String, Map<String, Column>> columns = new ConcurrentHashMap<>();

    /** A column of a target table: its JDBC type and PostgreSQL type name. */
    record Column(String name, int jdbcType, String typeName) {
    }

    private record Bound(String sql, List<Object[]> parameters) {
    }

    public PostgresTargetDatabase(DataSource pool, String schema, Map<String, Set<String>> allowlist, JsonMapper json) {
        this(pool, schema, allowlist, Set.of(), json);
    }

    /** {@code views}: the views condition_based rules may read (ruleworks.condition-sources.views). */
    public PostgresTargetDatabase(DataSource pool, String schema, Map<String, Set<String>> allowlist, Set<String> views,
                                  JsonMapper json) {
        this.pool = pool;
        this.schema = schema;
        this.allowlist = Map.copyOf(allowlist);
        this.views = Set.copyOf(views);
        this.json = json;
    }

    /**
     * Reads an allowlisted view in a read-only transaction: the SQL names only the allowlisted
     * spelling of the view (quoted), asks for one row more than wanted to tell truncation, and
     * lets the server turn the rows into JSON, so that values keep their JSON kinds (numbers,
     * booleans, ISO timestamps, nested json).
     */
    @Override
    public ViewRows readView(String view, int maxRows, Duration timeout) {
        String name = views.stream().filter(view::equals).findFirst().orElseThrow(() ->
                new Refused(Reason.NOT_ALLOWED, "view " + view + " is not allowlisted for condition sources"));
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        String sql = "SELECT json_agg(t) FROM (SELECT * FROM " + qualified(name) + " LIMIT " + (maxRows + 1L) + ") t";
        try (Connection connection = pool.getConnection()) {
            // a read-only transaction (the driver applies read-only to transactions, not to auto-commit),
            // always rolled back: a view that calls a writing function cannot write through us
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000)));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String rows = rs.getString(1);
                    List<Map<String, Object>> list = rows == null ? List.of() : json.readValue(rows, ROWS);
                    boolean truncated = list.size() > maxRows;
                    return new ViewRows(truncated ? list.subList(0, maxRows) : list, truncated);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Outcome insert(String table, Map<String, Object> data, boolean returnRows, Duration timeout) {
        return run(table, returnRows, timeout, (name, types) -> {
            requireNotEmpty(data, "data");
            List<String> names = allowed(table, data.keySet(), "data");
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(name)).append(" (")
                    .append(names.stream().map(PostgresTargetDatabase::quote).collect(Collectors.joining(", ")))
                    .append(") VALUES (")
                    .append(names.stream().map(n -> "?").collect(Collectors.joining(", "))).append(')');
            List<Object[]> parameters = new ArrayList<>();
            names.forEach(n -> parameters.add(new Object[]{column(table, types, n), data.get(n)}));
            return new Bound(sql.toString(), parameters);
        });
    }

    @Override
    public Outcome update(String table, Map<String, Object> data, Map<String, Object> conditions, boolean returnRows,
                          Duration timeout) {
        return run(table, returnRows, timeout, (name, types) -> {
            requireNotEmpty(data, "data");
            requireNotEmpty(conditions, "conditions");
            List<String> names = allowed(table, data.keySet(), "data");
            List<Object[]> parameters = new ArrayList<>();
            StringBuilder sql = new StringBuilder("UPDATE ").append(qualified(name)).append(" SET ");
            sql.append(names.stream().map(n -> quote(n) + " = ?").collect(Collectors.joining(", ")));
            names.forEach(n -> parameters.add(new Object[]{column(table, types, n), data.get(n)}));
            where(table, types, conditions, sql, parameters);
            return new Bound(sql.toString(), parameters);
        });
    }

    @Override
    public Outcome delete(String table, Map<String, Object> conditions, boolean returnRows, Duration timeout) {
        return run(table, returnRows, timeout, (name, types) -> {
            requireNotEmpty(conditions, "conditions");
            List<Object[]> parameters = new ArrayList<>();
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(qualified(name));
            where(table, types, conditions, sql, parameters);
            return new Bound(sql.toString(), parameters);
        });
    }

    @Override
    public void close() throws Exception {
        if (pool instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @FunctionalInterface
    private interface Statement {
        Bound build(String table, Map<String, Column> types);
    }

    private Outcome run(String table, boolean returnRows, Duration timeout, Statement statement) {
        String name = allowedTable(table);
        try (Connection connection = pool.getConnection()) {
            Map<String, Column> types = columnsOf(connection, name);
            Bound bound = statement.build(name, types);
            String sql = returnRows ? returning(types.keySet(), bound.sql()) : bound.sql();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000)));
                for (int i = 0; i < bound.parameters().size(); i++) {
                    Object[] p = bound.parameters().get(i);
                    bind(ps, i + 1, (Column) p[0], p[1]);
                }
                if (!returnRows) {
                    return new Outcome(ps.executeLargeUpdate(), List.of(), false);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long affected = rs.getLong(1);
                    String rows = rs.getString(2);
                    List<Map<String, Object>> list = rows == null ? List.of() : json.readValue(rows, ROWS);
                    return new Outcome(affected, list, affected > list.size());
                }
            }
        } catch (SQLException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The statement as a data-modifying CTE whose changed rows (the allowlisted columns the table
     * has) are counted in full but returned only up to {@link #MAX_RETURNED_ROWS}, as one JSON array.
     */
    private static String returning(Set<String> columns, String statement) {
        String columnList = columns.stream().sorted().map(PostgresTargetDatabase::quote)
                .collect(Collectors.joining(", "));
        return "WITH changed AS (" + statement + " RETURNING " + columnList + "), kept AS (SELECT * FROM changed LIMIT "
                + MAX_RETURNED_ROWS + ") SELECT (SELECT count(*) FROM changed), (SELECT json_agg(kept) FROM kept)";
    }

    private void where(String table, Map<String, Column> types, Map<String, Object> conditions, StringBuilder sql,
                       List<Object[]> parameters) {
        List<String> names = allowed(table, conditions.keySet(), "conditions");
        sql.append(" WHERE ");
        List<String> terms = new ArrayList<>();
        for (String n : names) {
            Object value = conditions.get(n);
            if (value == null) {
                terms.add(quote(n) + " IS NULL");
            } else {
                terms.add(quote(n) + " = ?");
                parameters.add(new Object[]{column(table, types, n), value});
            }
        }
        sql.append(String.join(" AND ", terms));
    }

    private String allowedTable(String table) {
        for (String allowed : allowlist.keySet()) {
            if (allowed.equals(table)) {
                return allowed;
            }
        }
        throw new Refused(Reason.NOT_ALLOWED, "table " + table + " is not allowlisted for database_update");
    }

    /** The allowlisted spellings of {@code requested}, in the order given; refuses any other name. */
    private List<String> allowed(String table, Set<String> requested, String where) {
        Set<String> columnsOfTable = allowlist.get(table);
        List<String> names = new ArrayList<>();
        for (String name : requested) {
            String allowed = columnsOfTable.stream().filter(name::equals).findFirst().orElseThrow(() ->
                    new Refused(Reason.NOT_ALLOWED, where + "." + name + " is not an allowlisted column of " + table));
            names.add(allowed);
        }
        return names;
    }

    private static Column column(String table, Map<String, Column> types, String name) {
        Column column = types.get(name);
        if (column == null) {
            throw new Refused(Reason.SCHEMA_MISMATCH, "allowlisted column " + name + " does not exist in " + table);
        }
        return column;
    }

    private static void requireNotEmpty(Map<String, Object> values, String what) {
        if (values.isEmpty()) {
            throw new Refused(Reason.NOT_ALLOWED, what + " must name at least one column");
        }
    }

    /** The table's allowlisted columns with their types, read once from the database's metadata. */
    private Map<String, Column> columnsOf(Connection connection, String table) throws SQLException {
        Map<String, Column> known = columns.get(table);
        if (known != null) {
            return known;
        }
        Map<String, Column> found = new LinkedHashMap<>();
        DatabaseMetaData metadata = connection.getMetaData();
        // the names are LIKE patterns to getColumns; exact names are kept by comparing afterwards
        try (ResultSet rs = metadata.getColumns(null, schema, table, null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME");
                if (table.equals(rs.getString("TABLE_NAME")) && schema.equals(rs.getString("TABLE_SCHEM"))
                        && allowlist.get(table).contains(name)) {
                    found.put(name, new Column(name, rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
                }
            }
        }
        if (found.isEmpty()) {
            throw new Refused(Reason.SCHEMA_MISMATCH, "table " + schema + "." + table
                    + " does not exist in the target database or has none of the allowlisted columns");
        }
        Map<String, Column> frozen = Collections.unmodifiableMap(found);
        columns.put(table, frozen);
        return frozen;
    }

    private void bind(PreparedStatement ps, int index, Column column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.OTHER);
            return;
        }
        try {
            switch (column.typeName()) {
                case "int2", "int4", "int8", "serial", "bigserial", "smallserial" -> ps.setLong(index, integral(value));
                case "numeric", "float4", "float8", "money" -> ps.setBigDecimal(index, decimal(value));
                case "bool" -> ps.setBoolean(index, bool(value));
                case "uuid" -> ps.setObject(index, uuid(value));
                case "timestamptz" -> ps.setObject(index, offsetDateTime(value));
                case "timestamp" -> ps.setObject(index, localDateTime(value));
                case "date" -> ps.setObject(index, LocalDate.parse(text(value)));
                case "time" -> ps.setObject(index, LocalTime.parse(text(value)));
                case "json", "jsonb" -> ps.setObject(index, json.writeValueAsString(value), Types.OTHER);
                case "text", "varchar", "bpchar", "name", "citext" -> ps.setString(index, text(value));
                // enums, inet, interval, arrays...: the server parses the text and refuses what does not fit
                default -> ps.setObject(index, text(value), Types.OTHER);
            }
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException | IOException e) {
            throw new Refused(Reason.TYPE_MISMATCH, "value for " + column.name() + " does not fit its type "
                    + column.typeName() + ": " + describe(value), e);
        }
    }

    private static long integral(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).longValueExact();
        }
        return new BigDecimal(text(value).strip()).longValueExact();
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(value instanceof Number n ? n.toString() : text(value).strip());
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (text(value)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static UUID uuid(Object value) {
        String text = text(value);
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equalsIgnoreCase(text)) {
            throw new IllegalArgumentException("not a canonical UUID");
        }
        return uuid;
    }

    private static OffsetDateTime offsetDateTime(Object value) {
        return OffsetDateTime.parse(text(value));
    }

    /** A timestamp without zone: an ISO local date-time, or one with an offset taken as UTC. */
    private static LocalDateTime localDateTime(Object value) {
        String text = text(value);
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
    }

    /** Strings as they are, numbers and booleans as their text; objects and arrays fit no text column. */
    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("an object or array where a single value is expected");
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    private String qualified(String table) {
        return quote(schema) + "." + quote(table);
    }

    /** A double-quoted identifier; only ever called with a name taken from the allowlist. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "SQLSTATE " + state + ": " + bounded(e.getMessage());
        if (e instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("53")
                || state.startsWith("57P") || state.equals("57014") || state.equals("40001") || state.equals("40P01")
                || state.equals("55P03")) {
            return new DependencyUnavailableException("target database", e);
        }
        if (state.startsWith("22")) {
            return new Refused(Reason.TYPE_MISMATCH, message, e);
        }
        if (state.startsWith("23")) {
            return new Refused(Reason.CONSTRAINT_VIOLATION, message, e);
        }
        if (state.equals("42P01") || state.equals("42703")) {
            return new Refused(Reason.SCHEMA_MISMATCH, message, e);
        }
        return new Refused(Reason.REJECTED, message, e);
    }

    private static String bounded(String text) {
        String value = String.valueOf(text);
        return value.length() > MAX_MESSAGE ? value.substring(0, MAX_MESSAGE) + "..." : value;
    }
}
