package io.ruleworks.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause of the list queries, built only from fixed fragments, with every value bound as
 * a parameter: nothing a client typed ever becomes SQL text.
 */
final class SqlWhere {

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    SqlWhere(String first, Object param) {
        this.sql = new StringBuilder(first);
        params.add(param);
    }

    /** Adds {@code AND fragment}, binding {@code values} to its placeholders in order. */
    SqlWhere and(String fragment, Object... values) {
        sql.append(" AND ").append(fragment);
        params.addAll(List.of(values));
        return this;
    }

    String sql() {
        return sql.toString();
    }

    /** Binds the clause's values from the first placeholder on; returns the next placeholder index. */
    int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    /** How many rows of {@code table} (a constant of the caller, never client text) match. */
    long count(Connection c, String table) throws SQLException {
        try (var ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + sql)) {
            bind(ps);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A case-insensitive substring pattern for ILIKE with wildcards escaped: "50%" matches the text "50%". */
    static String contains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
