package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.ConfigReader.StringCheck;
import io.ruleworks.domain.shared.Violations;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The shape each action type's config must have when a rule is saved. Values that contain a
 * template ({@code {{...}}}) are only checked for type here; their rendered form is checked again
 * when the action runs.
 */
public final class ActionConfigPolicy {

    public static final int MAX_RECIPIENTS = 100;
    /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
    public static final int MAX_IDENTIFIER = 63;
    public static final int MAX_COLUMNS = 100;
    public static final int MAX_ARGS = 100;
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> PRIORITIES = Set.of("low", "normal", "medium", "high", "critical");

    private ActionConfigPolicy() {
    }

    public static boolean isTemplated(String value) {
        return value.contains("{{");
    }

    static StringCheck orTemplate(StringCheck check) {
        return v -> isTemplated(v) ? StringCheck.ANY.problem(v) : check.problem(v);
    }

    private static final StringCheck PHONE = orTemplate(v -> E164.matcher(v).matches()
            ? Optional.empty() : Optional.of("must be an E.164 phone number such as +14155550100"));
    private static final StringCheck UUID_TEXT = orTemplate(v -> {
        try {
            UUID.fromString(v);
            return v.length() == 36 ? Optional.empty() : Optional.of("must be a UUID");
        } catch (IllegalArgumentException e) {
            return Optional.of("must be a UUID");
        }
    });

    /**
     * The problems of an action config, each with its path under {@code path}; used again on the
     * rendered config when the action runs (templates resolved).
     */
    public static java.util.List<io.ruleworks.domain.shared.FieldViolation> problems(ActionType type,
                                                                                   Map<String, Object> config,
                                                                                   String path) {
        Violations violations = new Violations();
        check(type, config, path, violations);
        return violations.asList();
    }

    static void check(ActionType type, Map<String, Object> config, String path, Violations violations) {
        ConfigReader r = new ConfigReader(config, path, violations);
        switch (type) {
            case EMAIL_NOTIFICATION -> email(r);
            case SMS_NOTIFICATION -> sms(r);
            case WEBHOOK_CALL -> webhook(r, violations);
            case DATABASE_UPDATE -> database(r);
            case TICKET_CREATION, TICKET_UPDATE -> ticket(r);
            case CUSTOM_SCRIPT -> script(r);
            case WORKFLOW_EXECUTION -> workflow(r);
            case SYSTEM_COMMAND -> systemCommand(r);
            // project_update, time_entry_creation and invoice_generation map onto the PSA request
            // bodies; their full shapes are checked by the PSA action runners.
            case PROJECT_UPDATE, TIME_ENTRY_CREATION, INVOICE_GENERATION -> {
                return;
            }
        }
        r.rejectUnknownKeys();
    }

    private static void email(ConfigReader r) {
        StringCheck address = orTemplate(StringCheck.EMAIL_ADDRESS);
        requireList(r, "to");
        r.stringList("to", 1, MAX_RECIPIENTS, address);
        r.stringList("cc", 0, MAX_RECIPIENTS, address);
        r.stringList("bcc", 0, MAX_RECIPIENTS, address);
        r.requiredString("subject", 1, 998);
        r.requiredString("body", 1, 1_000_000);
        r.bool("is_html");
        r.list("attachments", 0, 20);
    }

    private static void sms(ConfigReader r) {
        requireList(r, "phone_numbers");
        r.stringList("phone_numbers", 1, MAX_RECIPIENTS, PHONE);
        r.requiredString("message", 1, 1_600);
        r.string("sender_id", 1, 32);
    }

    private static void webhook(ConfigReader r, Violations violations) {
        Optional<String> url = r.requiredString("url", 1, 2048);
        url.filter(u -> !isTemplated(u)).flatMap(StringCheck.HTTP_URL::problem)
                .ifPresent(problem -> r.violation("url", problem));
        r.oneOf("method", HTTP_METHODS);
        r.stringMap("headers", 50);
        r.raw("body");
        r.object("authentication").ifPresent(a -> HttpAuthentication.parse(a, r.pathOf("authentication"), violations));
        r.integer("timeout_seconds", 1, 300);
        r.integer("retry_attempts", 0, ActionSpec.MAX_RETRY_ATTEMPTS);
    }

    private static void database(ConfigReader r) {
        r.requiredString("table", 1, MAX_IDENTIFIER);
        Optional<String> operation = r.requiredOneOf("operation", Set.of("insert", "update", "delete"));
        Optional<Map<String, Object>> data = columnMap(r, "data");
        Optional<Map<String, Object>> conditions = columnMap(r, "conditions");
        r.bool("return_updated");
        conditions.ifPresent(c -> c.forEach((column, value) -> {
            if (value instanceof Map<?, ?> || value instanceof java.util.List<?>) {
                r.violation("conditions." + column, "must be a string, number, boolean or null (equality)");
            }
        }));
        if (operation.isEmpty()) {
            return;
        }
        boolean writes = !operation.get().equals("delete");
        boolean filters = !operation.get().equals("insert");
        if (writes) {
            requireColumns(r, "data", data, "is required: the columns to " + (filters ? "set" : "insert"));
        } else if (r.has("data")) {
            r.violation("data", "is not allowed for a delete");
        }
        if (filters) {
            requireColumns(r, "conditions", conditions, "is required for " + operation.get()
                    + ": at least one column = value, so that a rule never writes a whole table");
        } else if (r.has("conditions")) {
            r.violation("conditions", "is not allowed for an insert");
        }
    }

    private static void requireColumns(ConfigReader r, String key, Optional<Map<String, Object>> columns,
                                       String message) {
        if (!r.has(key) || columns.map(Map::isEmpty).orElse(false)) {
            r.violation(key, message);
        }
    }

    /** An object of column -> value: at most {@value #MAX_COLUMNS} columns, each named 1..63 characters. */
    private static Optional<Map<String, Object>> columnMap(ConfigReader r, String key) {
        Optional<Map<String, Object>> map = r.object(key);
        if (map.isEmpty()) {
            return map;
        }
        if (map.get().size() > MAX_COLUMNS) {
            r.violation(key, "must have at most " + MAX_COLUMNS + " columns");
            return Optional.empty();
        }
        boolean ok = true;
        for (String column : map.get().keySet()) {
            if (column.isEmpty() || column.length() > MAX_IDENTIFIER) {
                r.violation(key, "column names must be 1 to " + MAX_IDENTIFIER + " characters");
                ok = false;
            }
        }
        return ok ? map : Optional.empty();
    }

    private static void ticket(ConfigReader r) {
        r.oneOf("operation", Set.of("create", "update", "close", "assign"));
        r.object("ticket_data");
        r.string("ticket_id", 1, 200).flatMap(UUID_TEXT::problem).ifPresent(p -> r.violation("ticket_id", p));
        r.string("assigned_to", 1, 200).flatMap(UUID_TEXT::problem).ifPresent(p -> r.violation("assigned_to", p));
        r.string("status", 1, 100);
        r.oneOf("priority", PRIORITIES);
        r.string("notes", 1, 10_000);
    }

    private static void script(ConfigReader r) {
        r.requiredOneOf("script_type", Set.of("javascript", "python", "bash", "powershell"));
        r.requiredString("script_content", 1, 100_000);
        r.integer("timeout_seconds", 1, 3_600);
        r.stringMap("environment_variables", 100);
        r.string("working_directory", 1, 1_024);
    }

    private static void workflow(ConfigReader r) {
        Optional<String> rule = r.requiredString("rule_id", 1, 200);
        rule.flatMap(UUID_TEXT::problem).ifPresent(p -> r.violation("rule_id", p));
        r.object("execution_data");
        r.bool("wait_for_completion");
    }

    private static void systemCommand(ConfigReader r) {
        r.requiredString("command", 1, 1_024);
        // A whole-value template ("{{trigger.id}}") keeps its JSON type once rendered: numbers and
        // booleans are passed as their text, anything else is not an argument.
        r.list("args", 0, MAX_ARGS).ifPresent(args -> {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (!(arg instanceof String || arg instanceof Number || arg instanceof Boolean)) {
                    r.violation(Violations.index("args", i), "must be a string");
                } else if (String.valueOf(arg).length() > ConfigReader.MAX_STRING) {
                    r.violation(Violations.index("args", i), "must be at most " + ConfigReader.MAX_STRING
                            + " characters");
                }
            }
        });
        r.integer("timeout_seconds", 1, 3_600);
        r.string("working_directory", 1, 1_024);
    }

    private static void requireList(ConfigReader r, String key) {
        if (!r.has(key)) {
            r.violation(key, "is required");
        }
    }
}
