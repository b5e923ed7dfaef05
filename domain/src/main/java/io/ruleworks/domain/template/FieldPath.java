package io.ruleworks.domain.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path into a rule's configuration as the API reports fields: keys joined by dots, 0-based
 * array positions in brackets ({@code trigger_config.event_type}, {@code actions[0].config.to[1]}).
 */
public final class FieldPath {

    public static final int MAX_LENGTH = 500;
    private static final Pattern SYNTAX =
            Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*(\\[\\d{1,4}])*(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\d{1,4}])*)*$");
    private static final Pattern STEP = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d{1,4})]");

    private final String text;
    private final List<Object> steps;

    private FieldPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    public static Optional<FieldPath> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH || !SYNTAX.matcher(text).matches()) {
            return Optional.empty();
        }
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(text);
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
        }
        return Optional.of(new FieldPath(text, steps));
    }

    /** The first key: the rule field the path starts in. */
    public String root() {
        return (String) steps.getFirst();
    }

    /** Whether the path reaches an existing member or element of {@code config}. */
    public boolean existsIn(Map<String, Object> config) {
        Object node = config;
        for (Object step : steps) {
            if (step instanceof String key && node instanceof Map<?, ?> map && map.containsKey(key)) {
                node = map.get(key);
            } else if (step instanceof Integer index && node instanceof List<?> list && index < list.size()) {
                node = list.get(index);
            } else {
                return false;
            }
        }
        return true;
    }

    /** A copy of {@code config} with {@code value} at this path, which must exist ({@link #existsIn}). */
    public Map<String, Object> set(Map<String, Object> config, Object value) {
        if (!existsIn(config)) {
            throw new IllegalArgumentException("no " + text + " in the configuration");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) replace(config, 0, value);
        return copy;
    }

    private Object replace(Object node, int depth, Object value) {
        if (depth == steps.size()) {
            return value;
        }
        Object step = steps.get(depth);
        if (step instanceof String key) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) node).forEach((k, v) -> copy.put(String.valueOf(k), v));
            copy.put(key, replace(copy.get(key), depth + 1, value));
            return copy;
        }
        int index = (Integer) step;
        List<Object> copy = new ArrayList<>((List<?>) node);
        copy.set(index, replace(copy.get(index), depth + 1, value));
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
