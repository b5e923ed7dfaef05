package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Fires on an ingested event whose type (and source, and filters) match. */
public record EventTrigger(String eventType, Optional<String> eventSource, Map<String, Object> eventFilters,
                           long debounceMinutes, Optional<Long> batchSize, Optional<Long> batchTimeoutMinutes)
        implements TriggerConfig {

    public EventTrigger {
        // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
        eventFilters = Collections.unmodifiableMap(new LinkedHashMap<>(eventFilters));
    }

    static Optional<TriggerConfig> parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        Optional<String> type = r.requiredString("event_type", 1, 200);
        Optional<String> source = r.string("event_source", 1, 200);
        Map<String, Object> filters = r.object("event_filters").orElse(Map.of());
        long debounce = r.integer("debounce_minutes", 0, 10_080).orElse(0L);
        Optional<Long> batchSize = r.integer("batch_size", 1, 10_000);
        Optional<Long> batchTimeout = r.integer("batch_timeout_minutes", 1, 10_080);
        r.rejectUnknownKeys();
        return type.map(t -> new EventTrigger(t, source, filters, debounce, batchSize, batchTimeout));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("event_type", eventType);
        eventSource.ifPresent(s -> map.put("event_source", s));
        map.put("event_filters", eventFilters);
        map.put("debounce_minutes", debounceMinutes);
        batchSize.ifPresent(b -> map.put("batch_size", b));
        batchTimeoutMinutes.ifPresent(b -> map.put("batch_timeout_minutes", b));
        return map;
    }
}
