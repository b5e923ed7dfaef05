package io.ruleworks.domain.execution;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One line of an execution's history: when, how severe, what, which action, and structured detail. */
public record ExecutionLogEntry(Instant timestamp, LogLevel level, String message, Optional<Integer> actionIndex,
                                Map<String, Object> metadata) {

    public static final int MAX_MESSAGE = 2_000;

    public ExecutionLogEntry {
        Objects.requireNonNull(timestamp);
        Objects.requireNonNull(level);
        Objects.requireNonNull(message);
        Objects.requireNonNull(actionIndex);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
    }
}
