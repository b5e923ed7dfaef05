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
        r.requiredString("table", 1, 128);
        r.requiredOneOf("operation", Set.of("insert", "update", "delete"));
        r.object("data");
        r.object("conditions");
        r.bool("return_updated");
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

    /**
     * Only javascript runs (in a sandbox, ADR 0005); python, bash and powershell are part of the
     * contract's enum but cannot be confined, so they are refused when the rule is saved. A script
     * has no file system, so working_directory has no meaning; environment_variables become a
     * read-only {@code env} object inside the script.
     */
    private static void script(ConfigReader r) {
        r.requiredOneOf("script_type", Set.of("javascript", "python", "bash", "powershell"))
                .filter(type -> !type.equals("javascript"))
                .ifPresent(type -> r.violation("script_type", "only javascript is supported; " + type
                        + " scripts cannot be sandboxed safely"));
        r.requiredString("script_content", 1, 100_000);
        r.integer("timeout_seconds", 1, 3_600);
        r.stringMap("environment_variables", 100);
        if (r.has("working_directory")) {
            r.violation("working_directory", "is not supported: javascript scripts have no file system");
        }
    }

    private static void workflow(ConfigReader r) {
        Optional<String> rule = r.requiredString("rule_id", 1, 200);
        rule.flatMap(UUID_TEXT::problem).ifPresent(p -> r.violation("rule_id", p));
        r.object("execution_data");
        r.bool("wait_for_completion");
    }

    private static void systemCommand(ConfigReader r) {
        r.requiredString("command", 1, 1_024);
        r.stringList("args", 0, 100, StringCheck.ANY);
        r.integer("timeout_seconds", 1, 3_600);
        r.string("working_directory", 1, 1_024);
    }

    private static void requireList(ConfigReader r, String key) {
        if (!r.has(key)) {
            r.violation(key, "is required");
        }
    }
}
