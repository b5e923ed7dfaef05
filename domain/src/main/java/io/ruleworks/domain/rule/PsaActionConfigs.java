package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.ConfigReader.StringCheck;
import io.ruleworks.domain.shared.Violations;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.ruleworks.domain.rule.ActionConfigPolicy.isTemplated;

/**
 * The configs of the five action types that call the Alga PSA (ticket_creation, ticket_update,
 * project_update, time_entry_creation, invoice_generation). Each maps onto one request body of the
 * PSA API ({@code alga-psa-targets-openapi.json}); the checks here mirror that body's schema (types,
 * UUID formats, enums, lengths) plus what the PSA needs to make sense of it (required ids, ranges,
 * date order). A value holding a template is only checked once rendered: strings for their type,
 * everything else (numbers, objects, booleans) not at all until then.
 */
final class PsaActionConfigs {

    static final Set<String> TICKET_OPERATIONS = Set.of("create", "update", "close", "assign");
    static final Set<String> PRIORITIES = Set.of("low", "normal", "medium", "high", "critical");
    static final int MAX_TITLE = 255;
    static final int MAX_TEXT = 10_000;
    static final int MAX_OBJECT_ENTRIES = 100;
    /** One week: a longer single time entry is a typo, not work. */
    static final long MAX_ENTRY_MINUTES = 7 * 24 * 60;

    /** The UUID properties of WorkV1TicketUpdateBody that may be null. */
    private static final List<String> NULLABLE_UPDATE_IDS = List.of("contact_name_id", "assigned_to");
    private static final List<String> UPDATE_IDS = List.of("board_id", "client_id", "location_id", "status_id",
            "category_id", "subcategory_id", "priority_id");

    private PsaActionConfigs() {
    }

    private static final StringCheck UUID_TEXT = ActionConfigPolicy.orTemplate(StringCheck.described(
            Map.of("pattern", ActionConfigPolicy.UUID_PATTERN, "format", "uuid"),
            v -> isUuid(v) ? Optional.empty() : Optional.of("must be a UUID")));

    static boolean isUuid(String v) {
        try {
            UUID.fromString(v);
            return v.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- tickets

    static void ticket(ConfigReader r, ActionType type, Violations violations) {
        boolean operationGiven = r.has("operation");
        Optional<String> chosen = r.oneOf("operation", TICKET_OPERATIONS);
        boolean operationKnown = !operationGiven || chosen.isPresent();
        String operation = chosen.orElse(type == ActionType.TICKET_CREATION ? "create" : "update");
        boolean create = operation.equals("create");

        Optional<String> ticketId = uuid(r, "ticket_id");
        Optional<String> assignee = uuid(r, "assigned_to");
        Optional<String> status = uuid(r, "status");
        Optional<String> priority = r.oneOf("priority", PRIORITIES);
        Optional<String> notes = r.string("notes", 1, MAX_TEXT);
        Optional<Map<String, Object>> data = objectOrTemplate(r, "ticket_data");
        data.ifPresent(d -> ticketData(d, r.pathOf("ticket_data"), create, violations));
        if (!operationKnown) {
            return;
        }
        if (create) {
            refuse(r, "ticket_id", "does not apply to operation create: the PSA assigns the ticket id");
            refuse(r, "assigned_to", "does not apply to operation create (the PSA's create-ticket body has no "
                    + "assignee): assign with a following ticket_update action");
            boolean dataTemplated = r.raw("ticket_data").orElse(null) instanceof String;
            if (!dataTemplated && data.map(d -> d.get("title") == null).orElse(true)) {
                violations.add(r.pathOf("ticket_data") + ".title", "is required to create a ticket");
            }
            conflict(r, data, "notes", "summary");
        } else {
            if (ticketId.isEmpty() && !r.has("ticket_id")) {
                r.violation("ticket_id", "is required for operation " + operation);
            }
            refuse(r, "notes", "applies only to operation create (as the ticket summary): the PSA's ticket "
                    + "update body has no notes");
        }
        conflict(r, data, "status", "status_id");
        conflict(r, data, "priority", "priority_id");
        conflict(r, data, "assigned_to", "assigned_to");
        switch (operation) {
            case "close" -> {
                if (!r.has("status")) {
                    r.violation("status", "is required for operation close: the UUID of the PSA status that closes "
                            + "the ticket");
                }
            }
            case "assign" -> {
                if (!r.has("assigned_to")) {
                    r.violation("assigned_to", "is required for operation assign");
                }
            }
            case "update" -> {
                boolean anyChange = r.has("status") || r.has("priority") || r.has("assigned_to")
                        || (r.raw("ticket_data").orElse(null) instanceof String)
                        || data.map(d -> !d.isEmpty()).orElse(false);
                if (!anyChange) {
                    r.violation("ticket_data", "an update needs at least one change: ticket_data, status, priority "
                            + "or assigned_to");
                }
            }
            default -> { /* create: checked above */ }
        }
    }

    /** ticket_data against WorkV1CreateTicketBody (create) or WorkV1TicketUpdateBody (the others). */
    private static void ticketData(Map<String, Object> data, String path, boolean create, Violations violations) {
        ConfigReader d = new ConfigReader(data, path, violations);
        d.string("title", 1, MAX_TITLE);
        notNull(d, "title");
        if (create) {
            List.of("client_id", "board_id", "priority_id", "status_id").forEach(k -> uuidField(d, k, false));
            d.string("summary", 1, MAX_TEXT);
            notNull(d, "summary");
            d.rejectUnknownKeys();
            return;
        }
        UPDATE_IDS.forEach(k -> uuidField(d, k, false));
        NULLABLE_UPDATE_IDS.forEach(k -> uuidField(d, k, true));
        d.check("url", d.string("url", 1, 2048), ActionConfigPolicy.orTemplate(StringCheck.HTTP_URL));
        notNull(d, "url");
        if (!templated(d, "attributes")) {
            d.object("attributes");
        }
        d.stringList("tags", 0, 100, ActionConfigPolicy.orTemplate(v -> v.length() > 100
                ? Optional.of("must be at most 100 characters") : Optional.empty()));
        notNull(d, "tags");
        bool(d, "override_close_rules");
        notNull(d, "override_close_rules");
        d.string("override_close_rules_reason", 1, MAX_TEXT);
        Optional<Boolean> contact = bool(d, "suppressContactNotifications");
        notNull(d, "suppressContactNotifications");
        Optional<Boolean> internal = bool(d, "suppressInternalNotifications");
        notNull(d, "suppressInternalNotifications");
        if (internal.orElse(false) && !contact.orElse(false) && !templated(d, "suppressContactNotifications")) {
            d.violation("suppressInternalNotifications", "requires suppressContactNotifications to be true");
        }
        d.rejectUnknownKeys();
    }

    // ---------------------------------------------------------------- projects

    static void project(ConfigReader r, Violations violations) {
        r.require("project_id");
        uuid(r, "project_id");
        r.string("project_name", 1, MAX_TITLE);
        notNull(r, "project_name");
        r.string("description", 0, MAX_TEXT);
        Optional<LocalDate> start = date(r, "start_date");
        Optional<LocalDate> end = date(r, "end_date");
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            r.violation("end_date", "must not be before start_date");
        }
        uuidField(r, "assigned_to", true);
        uuidField(r, "client_id", false);
        number(r, "budgeted_hours", BigDecimal.ZERO, BigDecimal.valueOf(1_000_000));
        bool(r, "is_inactive");
        notNull(r, "is_inactive");
        Optional<Map<String, Object>> extra = objectOrTemplate(r, "project_data");
        extra.ifPresent(d -> {
            if (d.size() > MAX_OBJECT_ENTRIES) {
                r.violation("project_data", "must have at most " + MAX_OBJECT_ENTRIES + " entries");
            }
            for (String key : d.keySet()) {
                if (ProjectFields.TYPED.contains(key)) {
                    violations.add(r.pathOf("project_data") + "." + key, "is a field of its own: set config."
                            + key + " instead");
                }
            }
        });
        boolean anyChange = ProjectFields.TYPED.stream().anyMatch(r::has)
                || (r.raw("project_data").orElse(null) instanceof String)
                || extra.map(d -> !d.isEmpty()).orElse(false);
        if (!anyChange) {
            r.violation("project_data", "a project update needs at least one change");
        }
    }

    /** The project fields a project_update config names itself (the rest go in project_data). */
    static final class ProjectFields {
        static final List<String> TYPED = List.of("project_name", "description", "start_date", "end_date",
                "assigned_to", "client_id", "budgeted_hours", "is_inactive");

        private ProjectFields() {
        }
    }

    // ---------------------------------------------------------------- time entries

    static final Set<String> WORK_ITEM_TYPES = Set.of("ticket", "project_task", "interaction", "ad_hoc",
            "non_billable_category");

    static void timeEntry(ConfigReader r) {
        r.requiredOneOf("work_item_type", WORK_ITEM_TYPES);
        r.require("work_item_id");
        uuid(r, "work_item_id");
        uuid(r, "user_id");
        Optional<Instant> start = dateTime(r, "started_at", true);
        Optional<Instant> end = dateTime(r, "ended_at", true);
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            r.violation("ended_at", "must be after started_at");
        }
        Optional<BigDecimal> duration = number(r, "duration_minutes", BigDecimal.ZERO, BigDecimal.valueOf(MAX_ENTRY_MINUTES));
        Optional<BigDecimal> billable = number(r, "billable_minutes", BigDecimal.ZERO, BigDecimal.valueOf(MAX_ENTRY_MINUTES));
        if (duration.isPresent() && billable.isPresent() && billable.get().compareTo(duration.get()) > 0) {
            r.violation("billable_minutes", "must not exceed duration_minutes");
        }
        r.string("notes", 1, MAX_TEXT);
    }

    // ---------------------------------------------------------------- invoices

    static void invoice(ConfigReader r) {
        r.require("client_id");
        uuid(r, "client_id");
        Optional<LocalDate> start = requiredDate(r, "window_start");
        Optional<LocalDate> end = requiredDate(r, "window_end");
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            r.violation("window_end", "must be after window_start");
        }
        r.requiredString("identity_key", 1, 500);
        Optional<String> owner = r.oneOf("cadence_owner", Set.of("client", "contract"));
        uuidField(r, "billing_cycle_id", true);
        uuidField(r, "contract_id", true);
        uuidField(r, "contract_line_id", true);
        if (owner.orElse("client").equals("contract") && !r.has("contract_id")) {
            r.violation("contract_id", "is required when cadence_owner is contract");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Optional<String> uuid(ConfigReader r, String key) {
        return r.check(key, r.string(key, 1, 200), UUID_TEXT);
    }

    /** A UUID field of a PSA body; null is refused unless the PSA schema allows it. */
    private static void uuidField(ConfigReader r, String key, boolean nullable) {
        Optional<String> value = uuid(r, key);
        if (!nullable) {
            notNull(r, key);
        }
    }

    /** A key present with JSON null where the PSA schema allows no null. */
    private static void notNull(ConfigReader r, String key) {
        r.refuseNull(key);
    }

    private static Optional<Boolean> bool(ConfigReader r, String key) {
        return templated(r, key) ? Optional.empty() : r.bool(key);
    }

    private static boolean templated(ConfigReader r, String key) {
        return r.templated(key);
    }

    /** An object, or a single template that renders to one. */
    private static Optional<Map<String, Object>> objectOrTemplate(ConfigReader r, String key) {
        if (templated(r, key)) {
            return Optional.empty();
        }
        Optional<Map<String, Object>> object = r.object(key);
        if (object.isPresent() && object.get().size() > MAX_OBJECT_ENTRIES) {
            r.violation(key, "must have at most " + MAX_OBJECT_ENTRIES + " entries");
            return Optional.empty();
        }
        return object;
    }

    /** A JSON number in [min, max], or a template that renders to one. */
    private static Optional<BigDecimal> number(ConfigReader r, String key, BigDecimal min, BigDecimal max) {
        if (templated(r, key) || r.refuseNull(key)) {
            return Optional.empty();
        }
        return r.number(key, min, max);
    }

    private static Optional<LocalDate> requiredDate(ConfigReader r, String key) {
        if (!r.require(key)) {
            r.string(key, 1, 100);
            return Optional.empty();
        }
        return date(r, key);
    }

    /** An ISO-8601 calendar date (2026-01-31), or a template. */
    private static Optional<LocalDate> date(ConfigReader r, String key) {
        Optional<String> value = r.string(key, 1, 100);
        if (value.isEmpty() || isTemplated(value.get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.get()));
        } catch (DateTimeParseException e) {
            r.violation(key, "must be an ISO-8601 date such as 2026-01-31");
            return Optional.empty();
        }
    }

    /** An ISO-8601 date-time with offset, or a template. */
    private static Optional<Instant> dateTime(ConfigReader r, String key, boolean required) {
        if (required && !r.require(key)) {
            r.string(key, 1, 100);
            return Optional.empty();
        }
        Optional<String> value = r.string(key, 1, 100);
        if (value.isEmpty() || isTemplated(value.get())) {
            return Optional.empty();
        }
        Optional<Instant> instant = ConfigReader.parseInstant(value.get());
        if (instant.isEmpty()) {
            r.violation(key, "must be an ISO-8601 date-time with offset, e.g. 2026-01-31T09:00:00Z");
        }
        return instant;
    }

    /** The same field set both directly and inside the data object. */
    private static void conflict(ConfigReader r, Optional<Map<String, Object>> data, String key, String dataKey) {
        if (r.has(key) && data.map(d -> d.containsKey(dataKey)).orElse(false)) {
            r.violation(key, "conflicts with ticket_data." + dataKey + ": set only one");
        }
    }

    private static void refuse(ConfigReader r, String key, String why) {
        if (r.has(key)) {
            r.violation(key, why);
        }
    }

    // ---------------------------------------------------------------- the rendered configs as records

    static ProjectUpdateConfig projectUpdate(RenderedConfig config) {
        Map<String, Object> changes = config.object("project_data").orElseGet(java.util.LinkedHashMap::new);
        for (String field : ProjectFields.TYPED) {
            if (config.has(field)) {
                changes.put(field, config.get(field));
            }
        }
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a project update needs at least one change");
        }
        return new ProjectUpdateConfig(config.requiredUuid("project_id"), changes);
    }

    static TimeEntryConfig timeEntry(RenderedConfig config) {
        return new TimeEntryConfig(config.requiredText("work_item_type"), config.requiredText("work_item_id"),
                config.uuid("user_id"), config.instant("started_at"), config.instant("ended_at"),
                config.number("duration_minutes"), config.number("billable_minutes"), config.text("notes"));
    }

    static InvoiceGenerationConfig invoiceGeneration(RenderedConfig config) {
        return new InvoiceGenerationConfig(config.requiredUuid("client_id"), config.date("window_start"),
                config.date("window_end"), config.requiredText("identity_key"),
                InvoiceGenerationConfig.CadenceOwner.valueOf(config.text("cadence_owner").orElse("client")
                        .toUpperCase(java.util.Locale.ROOT)),
                config.uuid("billing_cycle_id"), config.uuid("contract_id"), config.uuid("contract_line_id"));
    }
}
