package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One step of a rule: its type, its (type-checked) config, its 1-based order and how failures are handled. */
public record ActionSpec(ActionType type, Map<String, Object> config, int order, boolean continueOnError,
                         Optional<Integer> timeoutSeconds, int retryAttempts) {

    public static final int MAX_RETRY_ATTEMPTS = 5;
    public static final int MAX_TIMEOUT_SECONDS = 3_600;

    public ActionSpec {
        Objects.requireNonNull(type, "type");
        // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        if (order < 1) {
            throw new IllegalArgumentException("order is 1-based");
        }
        if (retryAttempts < 0 || retryAttempts > MAX_RETRY_ATTEMPTS) {
            throw new IllegalArgumentException("retry_attempts out of range");
        }
    }

    public static Optional<ActionSpec> parse(Object raw, String path, Violations violations) {
        if (!(raw instanceof Map<?, ?> map)) {
            violations.add(path, "must be an object");
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        ConfigReader r = new ConfigReader((Map<String, Object>) map, path, violations);
        Optional<ActionType> type = r.requiredOneOf("type", WireEnum.values(ActionType.class))
                .map(t -> WireEnum.require(ActionType.class, t));
        if (!r.has("config")) {
            r.violation("config", "is required");
        }
        Optional<Map<String, Object>> config = r.object("config");
        Optional<Long> order = r.requiredInteger("order", 1, 1_000);
        boolean continueOnError = r.bool("continue_on_error").orElse(false);
        Optional<Long> timeout = r.integer("timeout_seconds", 1, MAX_TIMEOUT_SECONDS);
        long retries = r.integer("retry_attempts", 0, MAX_RETRY_ATTEMPTS).orElse(0L);
        r.rejectUnknownKeys();
        if (type.isPresent() && config.isPresent()) {
            ActionConfigPolicy.check(type.get(), config.get(), r.pathOf("config"), violations);
        }
        if (type.isEmpty() || config.isEmpty() || order.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ActionSpec(type.get(), config.get(), order.get().intValue(), continueOnError,
                timeout.map(Long::intValue), (int) retries));
    }

    /**
     * The retries this action gets: the larger of its own {@code retry_attempts} and the one its
     * config carries (webhook_call's config has {@code retry_attempts}, as in Alga's shape), so a
     * retry count written in either place is honoured.
     */
    public int effectiveRetryAttempts() {
        return config.get("retry_attempts") instanceof Number n
                ? (int) Math.max(retryAttempts, Math.min(Math.max(n.longValue(), 0), MAX_RETRY_ATTEMPTS))
                : retryAttempts;
    }

    /**
     * The timeout of one attempt: the action's own {@code timeout_seconds}, else the one its config
     * carries (webhook_call, custom_script and system_command configs have {@code timeout_seconds});
     * empty means the engine's default.
     */
    public Optional<Integer> effectiveTimeoutSeconds() {
        if (timeoutSeconds.isPresent()) {
            return timeoutSeconds;
        }
        return config.get("timeout_seconds") instanceof Number n && n.longValue() >= 1
                ? Optional.of((int) Math.min(n.longValue(), MAX_TIMEOUT_SECONDS))
                : Optional.empty();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type.wire());
        map.put("config", config);
        map.put("order", order);
        map.put("continue_on_error", continueOnError);
        timeoutSeconds.ifPresent(t -> map.put("timeout_seconds", t));
        map.put("retry_attempts", retryAttempts);
        return map;
    }
}
