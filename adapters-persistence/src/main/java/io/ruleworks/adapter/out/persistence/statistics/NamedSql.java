package io.ruleworks.adapter.out.persistence.statistics;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with named parameters ({@code :tenant}; a {@code ::cast} is left alone),
 * turned into JDBC's positional {@code ?}s, bound from a map: for long statements that use the same
 * value in many places.
 */
record NamedSql(String sql, List<String> names) {

    private static final Pattern NAME = Pattern.compile("(?<![:\\w]):([a-z][a-z0-9_]*)");

    NamedSql {
        names = List.copyOf(names);
    }

    static NamedSql of(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(text);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        return new NamedSql(sql.toString(), names);
    }

    void bind(PreparedStatement ps, Map<String, ?> values) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            if (!values.containsKey(names.get(i))) {
                throw new IllegalArgumentException("no value for :" + names.get(i));
            }
            ps.setObject(i + 1, values.get(names.get(i)));
        }
    }
}
