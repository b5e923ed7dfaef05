package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a condition_based rule's items come from (our extension of the contract's trigger_config:
 * {@code trigger_config.source}). Each check reads the source's items, evaluates the trigger's
 * conditions on every item, and an item is known by the value of its {@code key} field.
 *
 * <ul>
 * <li>{@code psa_tickets}: the tenant's Alga PSA tickets (GET /api/v1/tickets) filtered by
 *     {@code query}, whose keys and value kinds are the PSA list endpoint's filters; key default
 *     {@code ticket_id}.</li>
 * <li>{@code sql_view}: the rows of a view of the target database that the server allowlists
 *     ({@code ruleworks.condition-sources.views}); a rule names the view, never SQL; key default
 *     {@code id}.</li>
 * </ul>
 */
public sealed interface ConditionSource permits ConditionSource.PsaTickets, ConditionSource.SqlView {

    int MAX_KEY_LENGTH = 100;

    /** The field of an item that identifies it. */
    String key();

    Map<String, Object> toMap();

    /** Tickets of the tenant's PSA, filtered by the PSA's own list filters. */
    record PsaTickets(Map<String, Object> query, String key) implements ConditionSource {

        public static final String TYPE = "psa_tickets";

        /** The PSA's GET /api/v1/tickets filters, by the kind of value each takes. */
        public static final Set<String> UUID_FILTERS = Set.of("board_id", "client_id", "location_id",
                "contact_name_id", "status_id", "category_id", "subcategory_id", "entered_by", "assigned_to",
                "priority_id");
        public static final Set<String> UUID_LIST_FILTERS = Set.of("status_ids");
        public static final Set<String> BOOLEAN_FILTERS = Set.of("is_open", "is_closed", "is_overdue",
                "has_assignment", "is_active");
        public static final Set<String> DATE_TIME_FILTERS = Set.of("entered_from", "entered_to", "closed_from",
                "closed_to", "created_from", "created_to", "updated_from", "updated_to");
        public static final Set<String> TEXT_FILTERS = Set.of("title", "ticket_number", "client_name", "contact_name",
                "status_name", "priority_name", "category_name", "board_name", "search", "sort");
        public static final Set<String> ORDER = Set.of("asc", "desc");

        public PsaTickets {
            query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("type", TYPE);
            map.put("query", query);
            map.put("key", key);
            return map;
        }
    }

    /** The rows of an allowlisted view of the target database. */
    record SqlView(String view, String key) implements ConditionSource {

        public static final String TYPE = "sql_view";

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("type", TYPE);
            map.put("view", view);
            map.put("key", key);
            return map;
        }
    }

    /** A view name as the server's allowlist may hold it: a plain SQL identifier. */
    Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    static Optional<ConditionSource> parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        Optional<String> type = r.requiredOneOf("type", new LinkedHashSet<>(List.of(PsaTickets.TYPE, SqlView.TYPE)));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        int before = violations.asList().size();
        ConditionSource source;
        if (type.get().equals(PsaTickets.TYPE)) {
            Map<String, Object> query = r.object("query").map(q -> query(q, r.pathOf("query"), violations))
                    .orElse(Map.of());
            source = new PsaTickets(query, key(r, "ticket_id"));
        } else {
            String view = r.requiredString("view", 1, 63).orElse("");
            if (!view.isEmpty() && !IDENTIFIER.matcher(view).matches()) {
                r.violation("view", "must be a view name (letters, digits and underscores)");
            }
            source = new SqlView(view, key(r, "id"));
        }
        r.rejectUnknownKeys();
        return violations.asList().size() == before ? Optional.of(source) : Optional.empty();
    }

    private static String key(ConfigReader r, String fallback) {
        return r.string("key", 1, MAX_KEY_LENGTH).orElse(fallback);
    }

    private static Map<String, Object> query(Map<String, Object> raw, String path, Violations violations) {
        Map<String, Object> query = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            String at = Violations.child(path, name);
            Optional<String> problem = problem(name, value);
            if (problem.isPresent()) {
                violations.add(at, problem.get());
            } else {
                query.put(name, value);
            }
        });
        return query;
    }

    private static Optional<String> problem(String name, Object value) {
        if (PsaTickets.UUID_FILTERS.contains(name)) {
            return isUuid(value) ? Optional.empty() : Optional.of("must be a UUID");
        }
        if (PsaTickets.UUID_LIST_FILTERS.contains(name)) {
            return value instanceof List<?> l && !l.isEmpty() && l.size() <= 100 && l.stream().allMatch(ConditionSource::isUuid)
                    ? Optional.empty() : Optional.of("must be an array of 1 to 100 UUIDs");
        }
        if (PsaTickets.BOOLEAN_FILTERS.contains(name)) {
            return value instanceof Boolean ? Optional.empty() : Optional.of("must be a boolean");
        }
        if (PsaTickets.DATE_TIME_FILTERS.contains(name)) {
            return value instanceof String s && ConfigReader.parseInstant(s).isPresent() ? Optional.empty()
                    : Optional.of("must be an ISO-8601 date-time");
        }
        if (PsaTickets.TEXT_FILTERS.contains(name)) {
            return value instanceof String s && !s.isEmpty() && s.length() <= 255 ? Optional.empty()
                    : Optional.of("must be a string of 1 to 255 characters");
        }
        if (name.equals("order")) {
            return value instanceof String s && PsaTickets.ORDER.contains(s) ? Optional.empty()
                    : Optional.of("must be one of asc, desc");
        }
        return Optional.of("is not a filter of the PSA ticket list");
    }

    private static boolean isUuid(Object value) {
        if (!(value instanceof String s) || s.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
