package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.WireEnum;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The Idempotency-Keys of the retries an execution went through, each with where that retry started from. */
public record RetryKeys(Map<String, RetryFrom> byKey) {

    public static final RetryKeys NONE = new RetryKeys(Map.of());

    public RetryKeys {
        byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    }

    /** Where the retry sent with {@code key} started from, if there was one. */
    public Optional<RetryFrom> of(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public RetryKeys with(String key, RetryFrom from) {
        Map<String, RetryFrom> next = new LinkedHashMap<>(byKey);
        next.put(key, from);
        return new RetryKeys(next);
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** The stored and wire shape: {@code {"key": "start" | "failed_action"}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        byKey.forEach((key, from) -> json.put(key, from.wire()));
        return json;
    }

    public static RetryKeys fromJson(Map<?, ?> json) {
        Map<String, RetryFrom> keys = new LinkedHashMap<>();
        json.forEach((key, from) -> WireEnum.parse(RetryFrom.class, String.valueOf(from))
                .ifPresent(f -> keys.put(String.valueOf(key), f)));
        return new RetryKeys(keys);
    }
}
