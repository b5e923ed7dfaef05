package io.ruleworks.domain.execution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The results of an execution's actions so far, keyed by the action's order (in the order they
 * were recorded): what templates see as {@code actions} and what a resumed retry keeps.
 */
public record ActionResults(Map<Integer, ActionResult> byOrder) {

    public static final ActionResults NONE = new ActionResults(Map.of());

    public ActionResults {
        byOrder = Collections.unmodifiableMap(new LinkedHashMap<>(byOrder));
    }

    /** These results with {@code result} recorded for the action of {@code order} (replacing an earlier one in place). */
    public ActionResults with(int order, ActionResult result) {
        Map<Integer, ActionResult> next = new LinkedHashMap<>(byOrder);
        next.put(order, result);
        return new ActionResults(next);
    }

    /** The completed results of the actions before {@code index}: what a retry resuming there keeps. */
    public ActionResults completedBefore(int index) {
        Map<Integer, ActionResult> kept = new LinkedHashMap<>();
        byOrder.forEach((order, result) -> {
            if (result.completed() && result.index() < index) {
                kept.put(order, result);
            }
        });
        return new ActionResults(kept);
    }

    public Optional<ActionResult> of(int order) {
        return Optional.ofNullable(byOrder.get(order));
    }

    public int size() {
        return byOrder.size();
    }

    public boolean isEmpty() {
        return byOrder.isEmpty();
    }

    /** The stored, wire and template shape: {@code {"1": {...}, "2": {...}}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        byOrder.forEach((order, result) -> json.put(String.valueOf(order), result.toJson()));
        return json;
    }

    /** Reads what {@link #toJson()} wrote; an entry that is no action record is left out. */
    public static ActionResults fromJson(Map<?, ?> json) {
        Map<Integer, ActionResult> results = new LinkedHashMap<>();
        json.forEach((key, value) -> {
            if (value instanceof Map<?, ?> record) {
                try {
                    results.put(Integer.parseInt(String.valueOf(key)), ActionResult.fromJson(record));
                } catch (NumberFormatException e) {
                    // not an action's order: nothing this service wrote
                }
            }
        });
        return new ActionResults(results);
    }
}
