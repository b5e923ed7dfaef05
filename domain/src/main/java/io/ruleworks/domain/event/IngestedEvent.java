package io.ruleworks.domain.event;

import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.rule.EventTrigger;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as the engine sees it: its id, type, source, when it happened and its payload.
 * {@link #toMap()} is the form executions carry in {@code trigger_data.event}.
 */
public record IngestedEvent(String id, String type, Optional<String> source, Instant occurredAt,
                            Map<String, Object> payload) {

    public IngestedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** Whether {@code trigger} listens to this event: type, source (when the rule sets one) and every filter. */
    public boolean matches(EventTrigger trigger, ConditionEvaluator evaluator) {
        if (!trigger.acceptsType(type)) {
            return false;
        }
        if (trigger.eventSource().isPresent() && !trigger.eventSource().equals(source)) {
            return false;
        }
        var filters = trigger.filterConditions();
        return filters.isEmpty()
                || evaluator.evaluate(filters, io.ruleworks.domain.rule.ConditionLogic.AND, payload).matched();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("type", type);
        map.put("source", source.orElse(null));
        map.put("occurred_at", occurredAt.toString());
        map.put("payload", payload);
        return map;
    }
}
