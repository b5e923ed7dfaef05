package io.ruleworks.domain.rule;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the rendered, validated configs of the non-PSA action types without copying them: the
 * renderer builds a fresh map per action, so a record may hold its lists and objects as read-only
 * views. Each value is read as the runner used to read it ({@code String.valueOf} of what is there).
 */
final class RenderedValues {

    private RenderedValues() {
    }

    /** The value as text, {@code "null"} when absent (the runners' {@code String.valueOf}). */
    static String text(Map<String, Object> config, String key) {
        return String.valueOf(config.get(key));
    }

    static Optional<String> optionalText(Map<String, Object> config, String key) {
        return Optional.ofNullable(config.get(key)).map(String::valueOf);
    }

    /** A list's items as text; empty when the key is absent or not a list. */
    @SuppressWarnings("unchecked")
    static List<String> texts(Map<String, Object> config, String key) {
        if (!(config.get(key) instanceof List<?> list)) {
            return List.of();
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                return list.stream().map(String::valueOf).toList();
            }
        }
        return Collections.unmodifiableList((List<String>) list);
    }

    /** An open JSON object (a member may be null); empty when absent or not an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> config, String key) {
        return config.get(key) instanceof Map<?, ?> map ? Collections.unmodifiableMap((Map<String, Object>) map)
                : Map.of();
    }

    /** A whole number of seconds, when present. */
    static Optional<Duration> seconds(Map<String, Object> config, String key) {
        return config.get(key) instanceof Number n ? Optional.of(Duration.ofSeconds(n.longValue())) : Optional.empty();
    }

    static boolean flag(Map<String, Object> config, String key) {
        return Boolean.TRUE.equals(config.get(key));
    }

    /** The shorter of a config's own timeout and the action's. */
    static Duration shorter(Optional<Duration> own, Duration actionTimeout) {
        return own.filter(d -> d.compareTo(actionTimeout) < 0).orElse(actionTimeout);
    }
}
