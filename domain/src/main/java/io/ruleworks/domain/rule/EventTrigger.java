package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fires on an ingested event whose type (and source, and filters) match.
 *
 * <p>{@code event_type} matches exactly, or ends with {@code .*} to match every type under that
 * prefix ({@code ticket.*} matches {@code ticket.created} and {@code ticket.sla.breached}, not
 * {@code ticket}). {@code event_filters} is an object from a dotted field path into the event's
 * payload to either a plain value (the field equals it; {@code null}: the field is absent or null)
 * or a condition object {@code {"operator", "value", "data_type"}} with the operators of a rule's
 * conditions; all filters must hold.
 *
 * <p>The firing mode: at once for each event; with {@code debounce_minutes > 0} once per quiet
 * period; with {@code batch_size} and/or {@code batch_timeout_minutes} once per batch. Debounce
 * and batching cannot be combined.
 */
public record EventTrigger(String eventType, Optional<String> eventSource, Map<String, Object> eventFilters,
                           long debounceMinutes, Optional<Long> batchSize, Optional<Long> batchTimeoutMinutes)
        implements TriggerConfig {

    public static final int MAX_TYPE_LENGTH = 255;
    public static final int MAX_FILTERS = 50;
    /** Most events one batched execution carries; a batch without batch_size closes at this count. */
    public static final int MAX_BATCH_EVENTS = 1_000;
    private static final Pattern TYPE = Pattern.compile("^[A-Za-z0-9_:/-]+(\\.[A-Za-z0-9_:/-]+)*(\\.\\*)?$");

    /** How events turn into executions. */
    public enum Mode { IMMEDIATE, DEBOUNCE, BATCH }

    public EventTrigger {
        // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
        eventFilters = Collections.unmodifiableMap(new LinkedHashMap<>(eventFilters));
    }

    static Optional<TriggerConfig> parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        Optional<String> type = r.requiredString("event_type", 1, MAX_TYPE_LENGTH);
        if (type.isPresent() && !TYPE.matcher(type.get()).matches()) {
            r.violation("event_type", "must be dot-separated names (letters, digits, _ : / -), optionally "
                    + "ending in .* to match every type under that prefix");
            type = Optional.empty();
        }
        Optional<String> source = r.string("event_source", 1, MAX_TYPE_LENGTH);
        Map<String, Object> filters = r.object("event_filters").orElse(Map.of());
        if (filters.size() > MAX_FILTERS) {
            r.violation("event_filters", "must have at most " + MAX_FILTERS + " fields");
        } else {
            conditions(filters, r.pathOf("event_filters"), violations);
        }
        long debounce = r.integer("debounce_minutes", 0, 10_080).orElse(0L);
        Optional<Long> batchSize = r.integer("batch_size", 1, MAX_BATCH_EVENTS);
        Optional<Long> batchTimeout = r.integer("batch_timeout_minutes", 1, 10_080);
        if (debounce > 0 && (batchSize.isPresent() || batchTimeout.isPresent())) {
            r.violation("debounce_minutes", "cannot be combined with batch_size or batch_timeout_minutes: "
                    + "a rule either debounces or batches its events");
        }
        r.rejectUnknownKeys();
        return type.map(t -> new EventTrigger(t, source, filters, debounce, batchSize, batchTimeout));
    }

    /** The filters as conditions on the event's payload (validated when the rule was saved). */
    public List<Condition> filterConditions() {
        Violations ignored = new Violations();
        return conditions(eventFilters, "event_filters", ignored);
    }

    private static List<Condition> conditions(Map<String, Object> filters, String path, Violations violations) {
        List<Condition> conditions = new ArrayList<>();
        filters.forEach((field, expected) -> {
            String at = Violations.child(path, field);
            if (expected instanceof Map<?, ?> spec) {
                Map<String, Object> withField = new LinkedHashMap<>();
                spec.forEach((k, v) -> withField.put(String.valueOf(k), v));
                if (withField.containsKey("field")) {
                    violations.add(Violations.child(at, "field"), "is not a known field (the key is the field)");
                    return;
                }
                withField.put("field", field);
                Condition.parse(withField, at, violations).ifPresent(conditions::add);
                return;
            }
            Map<String, Object> equality = new LinkedHashMap<>();
            equality.put("field", field);
            equality.put("operator", expected == null ? ConditionOperator.NOT_EXISTS.wire() : ConditionOperator.EQUALS.wire());
            if (expected != null) {
                equality.put("value", expected);
            }
            Condition.parse(equality, at, violations).ifPresent(conditions::add);
        });
        return conditions;
    }

    public Mode mode() {
        if (debounceMinutes > 0) {
            return Mode.DEBOUNCE;
        }
        return batchSize.isPresent() || batchTimeoutMinutes.isPresent() ? Mode.BATCH : Mode.IMMEDIATE;
    }

    /** How many events close a batch. */
    public int effectiveBatchSize() {
        return batchSize.map(Long::intValue).orElse(MAX_BATCH_EVENTS);
    }

    /** Whether an event of {@code type} (already known to be concrete) is one this trigger listens to. */
    public boolean acceptsType(String type) {
        return eventType.endsWith(".*")
                ? type.startsWith(eventType.substring(0, eventType.length() - 1))
                : eventType.equals(type);
    }

    /**
     * The event_type values of the rules that may listen to an event of {@code type}: the type
     * itself and each of its prefixes followed by {@code .*} ({@code a.b.c}: {@code a.b.c},
     * {@code a.b.*}, {@code a.*}). Lets a store find the candidate rules by an index lookup.
     */
    public static List<String> typePatterns(String type) {
        List<String> patterns = new ArrayList<>();
        patterns.add(type);
        for (int dot = type.lastIndexOf('.'); dot > 0; dot = type.lastIndexOf('.', dot - 1)) {
            patterns.add(type.substring(0, dot) + ".*");
        }
        return patterns;
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
