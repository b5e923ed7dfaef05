package io.ruleworks.adapter.out.persistence.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;

/**
 * A WHERE clause of the list queries, built only from fixed fragments, with every value bound as
 * a parameter: nothing a client typed ever becomes SQL text.
 */
public final class SqlWhere {

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    public SqlWhere(String first, Object param) {
        this.sql = new StringBuilder(first);
        params.add(param);
    }

    /** Adds {@code AND fragment}, binding {@code values} to its placeholders in order. */
    public SqlWhere and(String fragment, Object... values) {
        sql.append(" AND ").append(fragment);
        params.addAll(List.of(values));
        return this;
    }

    public String sql() {
        return sql.toString();
    }

    /** Binds the clause's values from the first placeholder on; returns the next placeholder index. */
    public int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    /** How many rows of {@code table} (a constant of the caller, never client text) match. */
    public long count(Connection c, String table) throws SQLException {
        try (var ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + sql)) {
            bind(ps);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Reads one row of a page. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * One page of a list: the total of {@code table} matching this clause, and the rows of
     * {@code pageSql} (this clause's parameters, then limit and offset), mapped in order. The page is
     * read first; the count runs only when the page cannot tell the total ({@link #totalOf}).
     */
    public <T> Page<T> page(Connection c, String table, String pageSql, PageRequest page, RowMapper<T> mapper)
            throws SQLException {
        List<T> items = items(c, pageSql, page, mapper);
        long total = totalOf(items.size(), page);
        return new Page<>(items, page, total >= 0 ? total : count(c, table));
    }

    /**
     * The total a page implies, or -1 when it implies none. A page with fewer rows than its limit is
     * the last one when it has rows, or the first when there are none: every match is then before or
     * on it, and the total is {@code offset + rows} exactly, with no count statement (the list's second
     * round trip). A full page, or an empty one past the first, needs the count.
     */
    static long totalOf(int rows, PageRequest page) {
        if (rows >= page.limit() || (rows == 0 && page.offset() > 0)) {
            return -1;
        }
        return page.offset() + rows;
    }

    /**
     * As {@link #page(Connection, String, String, PageRequest, RowMapper)}, but the count stops after
     * {@code max(countCap, offset + limit)} rows: when more match, the page's total is that number and
     * {@link Page#totalCapped()} is set. The rows up to the current page are always counted, so the
     * pages before and the next one stay reachable. As there, no count runs when the page implies the
     * total.
     */
    public <T> Page<T> page(Connection c, String table, String pageSql, PageRequest page, RowMapper<T> mapper, int countCap)
            throws SQLException {
        long cap = Math.max(countCap, page.offset() + page.limit());
        List<T> items = items(c, pageSql, page, mapper);
        long implied = totalOf(items.size(), page);
        if (implied >= 0) {
            return new Page<>(items, page, implied); // at most offset + limit <= cap: exact, as counted
        }
        long counted;
        try (var ps = c.prepareStatement("SELECT count(*) FROM (SELECT FROM " + table + " WHERE " + sql
                + " LIMIT ?) capped")) {
            ps.setLong(bind(ps), cap + 1);
            try (var rs = ps.executeQuery()) {
                rs.next();
                counted = rs.getLong(1);
            }
        }
        return counted > cap ? new Page<>(items, page, cap, true) : new Page<>(items, page, counted);
    }

    private <T> List<T> items(Connection c, String pageSql, PageRequest page, RowMapper<T> mapper)
            throws SQLException {
        List<T> items = new ArrayList<>();
        try (var ps = c.prepareStatement(pageSql)) {
            int next = bind(ps);
            ps.setInt(next++, page.limit());
            ps.setLong(next, page.offset());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(mapper.map(rs));
                }
            }
        }
        return items;
    }

    /** A case-insensitive substring pattern for ILIKE with wildcards escaped: "50%" matches the text "50%". */
    public static String contains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
