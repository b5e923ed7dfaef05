package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.ConfigReader.StringCheck;
import io.ruleworks.domain.shared.TemplateNames;
import io.ruleworks.domain.shared.Violations;

import java.util.Arrays;
import java.util.List;
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
    public static final int MAX_ATTACHMENTS = 20;
    /**
     * The longest SMS body, counted in UTF-16 code units ({@link String#length()}): the unit
     * Twilio's segment arithmetic uses, so an emoji counts as two.
     */
    public static final int MAX_SMS_LENGTH = 1_600;
    private static final Pattern MEDIA_TYPE = Pattern.compile("^[\\w.+-]+/[\\w.+-]+(\\s*;.*)?$");
    /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
    public static final int MAX_IDENTIFIER = 63;
    public static final int MAX_COLUMNS = 100;
    public static final int MAX_ARGS = 100;
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Characters no mail header value may hold: they would end the header line (CR, LF) or corrupt it. */
    private static final Pattern HEADER_CONTROL = Pattern.compile("\\p{Cntrl}");
    /** As {@link #HEADER_CONTROL}, but a tab, which is white space in a header, is allowed (subjects). */
    private static final Pattern TEXT_HEADER_CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");
    private static final String NO_CONTROL = "must not contain line breaks or other control characters:"
            + " it goes into a mail header";
    /** The template root under which the tenant's secrets are reached ({@code {{secret.NAME}}}). */
    public static final String SECRET_ROOT = "secret";

    private ActionConfigPolicy() {
    }

    public static boolean isTemplated(String value) {
        return value.contains("{{");
    }

    static StringCheck orTemplate(StringCheck check) {
        return StringCheck.orTemplate(check);
    }

    private static final StringCheck PHONE = orTemplate(StringCheck.described(Map.of("pattern", E164.pattern()),
            v -> E164.matcher(v).matches()
                    ? Optional.empty() : Optional.of("must be an E.164 phone number such as +14155550100")));
    /** A relative path without {@code ..} segments; the runner resolves it inside its attachment directory. */
    private static final StringCheck ATTACHMENT_PATH = v -> {
        String unified = v.replace('\\', '/');
        boolean absolute = unified.startsWith("/") || unified.matches("^[A-Za-z]:.*");
        boolean climbs = Arrays.asList(unified.split("/")).contains("..");
        return absolute || climbs || v.indexOf('\0') >= 0
                ? Optional.of("must be a relative path inside the attachment directory, without ..")
                : Optional.empty();
    };
    /** A UUID as text: what {@link UUID#fromString} accepts in its canonical 36-character form. */
    static final String UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    private static final StringCheck UUID_TEXT = orTemplate(StringCheck.described(
            Map.of("pattern", UUID_PATTERN, "format", "uuid"), v -> {
                try {
                    UUID.fromString(v);
                    return v.length() == 36 ? Optional.empty() : Optional.of("must be a UUID");
                } catch (IllegalArgumentException e) {
                    return Optional.of("must be a UUID");
                }
            }));

    /**
     * The problems of an action config, each with its path under {@code path}; used again on the
     * rendered config when the action runs (templates resolved).
     */
    public static List<io.ruleworks.domain.shared.FieldViolation> problems(ActionType type,
                                                                                   Map<String, Object> config,
                                                                                   String path) {
        Violations violations = new Violations();
        check(type, config, path, violations);
        return violations.asList();
    }

    static void check(ActionType type, Map<String, Object> config, String path, Violations violations) {
        ConfigReader r = new ConfigReader(config, path, violations);
        switch (type) {
            case EMAIL_NOTIFICATION -> email(r, violations);
            case SMS_NOTIFICATION -> sms(r);
            case WEBHOOK_CALL -> webhook(r, violations);
            case DATABASE_UPDATE -> database(r);
            case TICKET_CREATION, TICKET_UPDATE -> PsaActionConfigs.ticket(r, type, violations);
            case PROJECT_UPDATE -> PsaActionConfigs.project(r, violations);
            case TIME_ENTRY_CREATION -> PsaActionConfigs.timeEntry(r);
            case INVOICE_GENERATION -> PsaActionConfigs.invoice(r);
            case CUSTOM_SCRIPT -> {
                script(r);
                findSecretReferences(config, path, violations);
            }
            case WORKFLOW_EXECUTION -> workflow(r);
            case SYSTEM_COMMAND -> systemCommand(r);
        }
        r.rejectUnknownKeys();
    }

    /**
     * Whether a config of {@code type} may use {@code {{secret.NAME}}}. custom_script may not: its
     * code runs on the rendered config and returns whatever it computes, so it could return a
     * transformed copy of a secret (reversed, split, encoded) that masking cannot recognise.
     */
    public static boolean mayUseSecrets(ActionType type) {
        return type != ActionType.CUSTOM_SCRIPT;
    }

    /**
     * The config strings of a type that may not use secrets ({@link #mayUseSecrets}) that reference
     * {@code secret} anyway, in any tag form (variable, section, after a delimiter change), each with
     * its path under {@code path}; nothing for other types. Checked when a rule is saved, and before
     * rendering when the action runs, for configs that reached the store another way.
     */
    public static List<io.ruleworks.domain.shared.FieldViolation> secretProblems(ActionType type,
                                                                                 Map<String, Object> config,
                                                                                 String path) {
        Violations violations = new Violations();
        if (!mayUseSecrets(type)) {
            findSecretReferences(config, path, violations);
        }
        return violations.asList();
    }

    private static void findSecretReferences(Object value, String path, Violations violations) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> findSecretReferences(item, Violations.child(path, String.valueOf(key)),
                    violations));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                findSecretReferences(list.get(i), Violations.index(path, i), violations);
            }
        } else if (value instanceof String text && TemplateNames.usesRoot(text, SECRET_ROOT)) {
            violations.add(path, "must not use {{secret.*}}: a script could return a secret in a form that"
                    + " masking does not recognise; pass the secret to a webhook_call or another action instead");
        }
    }

    private static Optional<String> controlCharacters(Pattern control, String value) {
        return control.matcher(value).find() ? Optional.of(NO_CONTROL) : Optional.empty();
    }

    private static void email(ConfigReader r, Violations violations) {
        StringCheck address = orTemplate(StringCheck.EMAIL_ADDRESS);
        r.require("to");
        r.stringList("to", 1, MAX_RECIPIENTS, address);
        r.stringList("cc", 0, MAX_RECIPIENTS, address);
        r.stringList("bcc", 0, MAX_RECIPIENTS, address);
        r.check("subject", r.requiredString("subject", 1, 998), v -> controlCharacters(TEXT_HEADER_CONTROL, v));
        r.requiredString("body", 1, 1_000_000);
        r.bool("is_html");
        r.list("attachments", 0, MAX_ATTACHMENTS).ifPresent(items -> attachments(r, items, violations));
    }

    /**
     * Each attachment names its file and comes from exactly one source: an http(s) {@code url}
     * fetched when the mail is sent, or a {@code path} relative to the server's attachment
     * directory (never absolute, never climbing out with {@code ..}).
     */
    @SuppressWarnings("unchecked")
    private static void attachments(ConfigReader r, List<Object> items, Violations violations) {
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Violations.index(r.pathOf("attachments"), i);
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                violations.add(itemPath, "must be an object");
                continue;
            }
            ConfigReader a = new ConfigReader((Map<String, Object>) item, itemPath, violations);
            Optional<String> filename = a.requiredString("filename", 1, 255);
            filename.filter(f -> f.contains("/") || f.contains("\\"))
                    .ifPresent(f -> a.violation("filename", "must be a file name without a directory"));
            a.check("filename", filename, v -> controlCharacters(HEADER_CONTROL, v));
            Optional<String> contentType = a.string("content_type", 3, 255);
            contentType.filter(t -> !isTemplated(t) && !MEDIA_TYPE.matcher(t).matches())
                    .ifPresent(t -> a.violation("content_type", "must be a media type such as application/pdf"));
            a.check("content_type", contentType, v -> controlCharacters(HEADER_CONTROL, v));
            boolean hasPath = a.has("path");
            boolean hasUrl = a.has("url");
            if (hasPath == hasUrl) {
                violations.add(itemPath, "must have exactly one of path or url");
            }
            a.check("path", a.string("path", 1, 1_024), orTemplate(ATTACHMENT_PATH));
            a.check("url", a.string("url", 1, 2_048), orTemplate(StringCheck.HTTP_URL));
            a.rejectUnknownKeys();
        }
    }

    private static void sms(ConfigReader r) {
        r.require("phone_numbers");
        r.stringList("phone_numbers", 1, MAX_RECIPIENTS, PHONE);
        r.requiredString("message", 1, MAX_SMS_LENGTH);
        r.string("sender_id", 1, 32);
    }

    private static void webhook(ConfigReader r, Violations violations) {
        r.check("url", r.requiredString("url", 1, 2048), orTemplate(StringCheck.HTTP_URL));
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
        r.refuse("working_directory", "is not supported: javascript scripts have no file system");
    }

    private static void workflow(ConfigReader r) {
        r.check("rule_id", r.requiredString("rule_id", 1, 200), UUID_TEXT);
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
}
