package io.ruleworks.domain.execution;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One line of an execution's history: when, how severe, what, which action, and structured detail. */
public record ExecutionLogEntry(Instant timestamp, LogLevel level, String message, Optional<Integer> actionIndex,
                                Map<String, Object> metadata) {

    public static final int MAX_MESSAGE = 2_000;

    /** The metadata of every entry given none: the same unmodifiable empty map a copy of an empty one would be. */
    private static final Map<String, Object> NO_METADATA = Collections.unmodifiableMap(new LinkedHashMap<>());

    public ExecutionLogEntry {
        Objects.requireNonNull(timestamp);
        Objects.requireNonNull(level);
        Objects.requireNonNull(message);
        Objects.requireNonNull(actionIndex);
        metadata = metadata == null ? Map.of()
                : metadata.isEmpty() ? NO_METADATA : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
    }
}
