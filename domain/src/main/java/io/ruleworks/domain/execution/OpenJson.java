package io.ruleworks.domain.execution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Frozen copies of open JSON (maps, lists, scalars; null is a legal value), so a value object holding one stays immutable. */
final class OpenJson {

    private OpenJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> frozen(Map<String, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, frozenValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object frozenValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return frozen((Map<String, ?>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(item -> copy.add(frozenValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }

    static int integer(Object value, int otherwise) {
        return value instanceof Number n ? n.intValue() : otherwise;
    }

    static long longValue(Object value, long otherwise) {
        return value instanceof Number n ? n.longValue() : otherwise;
    }
}
