package io.ruleworks.domain.rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads a rendered, validated action config into typed values; a value of the wrong shape is an IllegalArgumentException. */
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
}
