package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.WireEnum;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one action did in an execution: its 0-based index in the rule (a resumed retry keeps the
 * completed results before the failed action), whether it completed or failed, its result (open
 * JSON; empty for a failure), how many attempts it took and how long, and for a failure the code
 * and message. Stored under its order in {@code execution_context.actions}.
 */
public record ActionResult(int index, Outcome outcome, Map<String, Object> result, int attempts, long durationMs,
                           Optional<ActionError> error) {

    public enum Outcome implements WireEnum { COMPLETED, FAILED }

    /** Why an action failed. */
    public record ActionError(String code, String message) {
        public ActionError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public ActionResult {
        Objects.requireNonNull(outcome, "outcome");
        result = OpenJson.frozen(result);
        Objects.requireNonNull(error, "error");
        if ((outcome == Outcome.FAILED) != error.isPresent()) {
            throw new IllegalArgumentException("a failed action, and only a failed one, carries an error");
        }
    }

    public static ActionResult completed(int index, Map<String, Object> result, int attempts, long durationMs) {
        return new ActionResult(index, Outcome.COMPLETED, result, attempts, durationMs, Optional.empty());
    }

    public static ActionResult failed(int index, String code, String message, int attempts, long durationMs) {
        return new ActionResult(index, Outcome.FAILED, Map.of(), attempts, durationMs,
                Optional.of(new ActionError(code, message)));
    }

    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }

    /** The stored and wire shape: {@code {index, status, result, attempts, duration_ms[, error: {code, message}]}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", index);
        json.put("status", outcome.wire());
        json.put("result", result);
        json.put("attempts", attempts);
        json.put("duration_ms", durationMs);
        error.ifPresent(e -> {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("code", e.code());
            err.put("message", e.message());
            json.put("error", err);
        });
        return json;
    }

    /** Reads what {@link #toJson()} wrote; a record written without an index counts as after every action. */
    @SuppressWarnings("unchecked")
    public static ActionResult fromJson(Map<?, ?> json) {
        Outcome outcome = WireEnum.parse(Outcome.class, String.valueOf(json.get("status"))).orElse(Outcome.FAILED);
        Optional<ActionError> error = Optional.empty();
        if (outcome == Outcome.FAILED) {
            Map<?, ?> e = json.get("error") instanceof Map<?, ?> m ? m : Map.of();
            error = Optional.of(new ActionError(String.valueOf(e.get("code")), String.valueOf(e.get("message"))));
        }
        return new ActionResult(OpenJson.integer(json.get("index"), Integer.MAX_VALUE), outcome,
                json.get("result") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of(),
                OpenJson.integer(json.get("attempts"), 0), OpenJson.longValue(json.get("duration_ms"), 0), error);
    }
}
