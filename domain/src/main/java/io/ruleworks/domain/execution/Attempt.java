package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.WireEnum;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The summary of an earlier, failed or timed-out run of an execution, kept when it was retried. */
public record Attempt(int number, ExecutionStatus status, Optional<Instant> startedAt, Optional<Instant> completedAt,
                      Optional<Long> durationMs, int actionsSuccessful, int actionsFailed,
                      Optional<String> errorMessage, Optional<Integer> failedActionIndex) {

    public Attempt {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(durationMs, "durationMs");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(failedActionIndex, "failedActionIndex");
    }

    /** The stored and wire shape; absent values are left out. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attempt", number);
        json.put("status", status.wire());
        startedAt.ifPresent(s -> json.put("started_at", s.toString()));
        completedAt.ifPresent(c -> json.put("completed_at", c.toString()));
        durationMs.ifPresent(d -> json.put("duration_ms", d));
        json.put("actions_successful", actionsSuccessful);
        json.put("actions_failed", actionsFailed);
        errorMessage.ifPresent(m -> json.put("error_message", m));
        failedActionIndex.ifPresent(i -> json.put("failed_action_index", i));
        return json;
    }

    public static Attempt fromJson(Map<?, ?> json) {
        return new Attempt(OpenJson.integer(json.get("attempt"), 0),
                WireEnum.parse(ExecutionStatus.class, String.valueOf(json.get("status"))).orElse(ExecutionStatus.FAILED),
                instant(json.get("started_at")), instant(json.get("completed_at")),
                json.get("duration_ms") instanceof Number n ? Optional.of(n.longValue()) : Optional.empty(),
                OpenJson.integer(json.get("actions_successful"), 0), OpenJson.integer(json.get("actions_failed"), 0),
                json.get("error_message") instanceof String m ? Optional.of(m) : Optional.empty(),
                json.get("failed_action_index") instanceof Number i ? Optional.of(i.intValue()) : Optional.empty());
    }

    private static Optional<Instant> instant(Object value) {
        return value instanceof String s ? ConfigReader.parseInstant(s) : Optional.empty();
    }
}
