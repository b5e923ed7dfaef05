package io.ruleworks.domain.rule;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a rendered, validated action config into typed values; a value of the wrong shape is an
 * IllegalArgumentException. The renderer builds a fresh map per action, so the view readers
 * ({@link #texts}, {@link #objectView}) hand out read-only views of its lists and objects instead
 * of copies; {@link #shown} reads a value as the runners always did ({@code String.valueOf}).
 */
record RenderedConfig(Map<String, Object> values) {

    Optional<String> text(String key) {
        return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    String requiredText(String key) {
        return text(key).orElseThrow(() -> new IllegalArgumentException(key + " is required"));
    }

    Optional<UUID> uuid(String key) {
        try {
            return text(key).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be a UUID");
        }
    }

    UUID requiredUuid(String key) {
        return uuid(key).orElseThrow(() -> new IllegalArgumentException(key + " is required"));
    }

    Optional<BigDecimal> number(String key) {
        return values.get(key) instanceof Number n ? Optional.of(new BigDecimal(n.toString())) : Optional.empty();
    }

    Instant instant(String key) {
        return OffsetDateTime.parse(requiredText(key)).toInstant();
    }

    LocalDate date(String key) {
        return LocalDate.parse(requiredText(key));
    }

    boolean flag(String key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> object(String key) {
        return values.get(key) instanceof Map<?, ?> m ? Optional.of(new LinkedHashMap<>((Map<String, Object>) m))
                : Optional.empty();
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Object get(String key) {
        return values.get(key);
    }

    /** The value as text, {@code "null"} when absent (the runners' {@code String.valueOf}). */
    String shown(String key) {
        return String.valueOf(values.get(key));
    }

    Optional<String> shownIfPresent(String key) {
        return Optional.ofNullable(values.get(key)).map(String::valueOf);
    }

    /** A list's items as text; empty when the key is absent or not a list. */
    @SuppressWarnings("unchecked")
    List<String> texts(String key) {
        if (!(values.get(key) instanceof List<?> list)) {
            return List.of();
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                return list.stream().map(String::valueOf).toList();
            }
        }
        return Collections.unmodifiableList((List<String>) list);
    }

    /** An open JSON object as a read-only view (a member may be null); empty when absent or not an object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> objectView(String key) {
        return values.get(key) instanceof Map<?, ?> map ? Collections.unmodifiableMap((Map<String, Object>) map)
                : Map.of();
    }

    /** A whole number of seconds, when present. */
    Optional<Duration> seconds(String key) {
        return values.get(key) instanceof Number n ? Optional.of(Duration.ofSeconds(n.longValue())) : Optional.empty();
    }

    /** The shorter of a config's own timeout and the action's. */
    static Duration shorter(Optional<Duration> own, Duration actionTimeout) {
        return own.filter(d -> d.compareTo(actionTimeout) < 0).orElse(actionTimeout);
    }
}
