package io.ruleworks.domain.execution;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Frozen copies of open JSON (maps, lists, scalars; null is a legal value), so a value object holding one stays
 * immutable. A map frozen here is not copied again when frozen once more (a context read from the database and
 * then rebuilt by each step of a run keeps the one copy of its trigger details).
 */
final class OpenJson {

    private OpenJson() {
    }

    static Map<String, Object> frozen(Map<String, ?> source) {
        return source instanceof Frozen frozen ? frozen : frozen(source, Set.of());
    }

    /** A frozen copy of {@code source} without the members named in {@code left}. */
    static Map<String, Object> frozen(Map<String, ?> source, Set<String> left) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (!left.contains(k)) {
                copy.put(k, frozenValue(v));
            }
        });
        return new Frozen(Collections.unmodifiableMap(copy));
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

    /**
     * A map made only by {@link #frozen}: an unmodifiable view of a copy no one else holds, whose maps and lists are
     * frozen too, so it can never change. Every method goes to the view: reads answer, changes throw, as before.
     */
    private static final class Frozen extends AbstractMap<String, Object> {

        private final Map<String, Object> members;

        private Frozen(Map<String, Object> members) {
            this.members = members;
        }

        @Override
        public int size() {
            return members.size();
        }

        @Override
        public boolean isEmpty() {
            return members.isEmpty();
        }

        @Override
        public boolean containsKey(Object key) {
            return members.containsKey(key);
        }

        @Override
        public boolean containsValue(Object value) {
            return members.containsValue(value);
        }

        @Override
        public Object get(Object key) {
            return members.get(key);
        }

        @Override
        public Object getOrDefault(Object key, Object defaultValue) {
            return members.getOrDefault(key, defaultValue);
        }

        @Override
        public Set<String> keySet() {
            return members.keySet();
        }

        @Override
        public Collection<Object> values() {
            return members.values();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return members.entrySet();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            members.forEach(action);
        }

        @Override
        public Object put(String key, Object value) {
            return members.put(key, value);
        }

        @Override
        public Object remove(Object key) {
            return members.remove(key);
        }

        @Override
        public void putAll(Map<? extends String, ?> m) {
            members.putAll(m);
        }

        @Override
        public void clear() {
            members.clear();
        }

        @Override
        public Object putIfAbsent(String key, Object value) {
            return members.putIfAbsent(key, value);
        }

        @Override
        public boolean remove(Object key, Object value) {
            return members.remove(key, value);
        }

        @Override
        public boolean replace(String key, Object oldValue, Object newValue) {
            return members.replace(key, oldValue, newValue);
        }

        @Override
        public Object replace(String key, Object value) {
            return members.replace(key, value);
        }

        @Override
        public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
            members.replaceAll(function);
        }

        @Override
        public Object computeIfAbsent(String key, Function<? super String, ?> mappingFunction) {
            return members.computeIfAbsent(key, mappingFunction);
        }

        @Override
        public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
            return members.computeIfPresent(key, remappingFunction);
        }

        @Override
        public Object compute(String key, BiFunction<? super String, ? super Object, ?> remappingFunction) {
            return members.compute(key, remappingFunction);
        }

        @Override
        public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> remappingFunction) {
            return members.merge(key, value, remappingFunction);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || members.equals(o);
        }

        @Override
        public int hashCode() {
            return members.hashCode();
        }

        @Override
        public String toString() {
            return members.toString();
        }
    }
}
