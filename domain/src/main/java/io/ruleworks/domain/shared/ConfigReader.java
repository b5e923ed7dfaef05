package io.ruleworks.domain.shared;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one open JSON object (a trigger or action config, as plain Java maps, lists, strings,
 * numbers and booleans) field by field, recording a violation with the full path for every key
 * that is missing, of the wrong type, out of range or unknown. Values that fail come back empty;
 * the caller throws once at the end via {@link Violations#throwIfAny()}.
 */
public final class ConfigReader {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    public static final int MAX_STRING = 10_000;

    private final Map<String, Object> source;
    private final String path;
    private final Violations violations;
    private final Set<String> known = new LinkedHashSet<>();
    /** Set in describing mode: the shape this reader records what it is asked into. */
    private final ConfigDescription.ObjectShape shape;

    public ConfigReader(Map<String, Object> source, String path, Violations violations) {
        this.shape = violations.description().map(d -> d.objectAt(path)).orElse(null);
        this.source = source == null || shape != null ? Map.of() : source;
        this.path = path;
        this.violations = violations;
    }

    /** Whether this reader describes its checks (see {@link Violations#describing}) rather than reading a value. */
    public boolean describing() {
        return shape != null;
    }

    /** Records a fact about {@code key} in describing mode; does nothing otherwise. */
    private void describe(String key, java.util.function.Consumer<ConfigDescription.FieldShape> fact) {
        if (shape != null) {
            fact.accept(shape.field(key));
        }
    }

    public String path() {
        return path;
    }

    public String pathOf(String key) {
        return Violations.child(path, key);
    }

    public boolean has(String key) {
        known.add(key);
        describe(key, f -> { });
        return source.containsKey(key) && source.get(key) != null;
    }

    /** Whether {@code key} is present with the JSON value null. */
    public boolean isNull(String key) {
        known.add(key);
        return source.containsKey(key) && source.get(key) == null;
    }

    /** Refuses {@code key} present with the JSON value null (absent optional keys read as empty either way). */
    public boolean refuseNull(String key) {
        describe(key, ConfigDescription.FieldShape::nullRefused);
        if (isNull(key)) {
            violations.add(pathOf(key), "must not be null");
            return true;
        }
        return false;
    }

    /** Requires {@code key} to be present and not null; whether it is. */
    public boolean require(String key) {
        describe(key, ConfigDescription.FieldShape::required);
        if (!has(key)) {
            violations.add(pathOf(key), "is required");
            return false;
        }
        return true;
    }

    /** Refuses {@code key} whenever it is present (not null), with {@code why}. */
    public void refuse(String key, String why) {
        describe(key, f -> f.refused(why));
        if (has(key)) {
            violations.add(pathOf(key), why);
        }
    }

    /**
     * Whether {@code key} holds a string with a template ({@code {{...}}}), which the caller accepts
     * in place of a value of another type, to be checked once rendered.
     */
    public boolean templated(String key) {
        describe(key, ConfigDescription.FieldShape::templatable);
        return raw(key).orElse(null) instanceof String s && s.contains("{{");
    }

    public Optional<Object> raw(String key) {
        known.add(key);
        describe(key, f -> { });
        return Optional.ofNullable(source.get(key));
    }

    public Optional<String> string(String key, int minLength, int maxLength) {
        describe(key, f -> describeString(f, minLength, maxLength));
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof String s)) {
            violations.add(pathOf(key), "must be a string");
            return Optional.empty();
        }
        if (s.length() < minLength) {
            violations.add(pathOf(key), minLength == 1 ? "must not be empty" : "must be at least " + minLength + " characters");
            return Optional.empty();
        }
        if (s.length() > maxLength) {
            violations.add(pathOf(key), "must be at most " + maxLength + " characters");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private static void describeString(ConfigDescription.FieldShape field, int minLength, int maxLength) {
        field.type("string").keyword("maxLength", maxLength);
        if (minLength > 0) {
            field.keyword("minLength", minLength);
        }
    }

    public Optional<String> requiredString(String key, int minLength, int maxLength) {
        describe(key, f -> describeString(f, minLength, maxLength));
        if (!require(key)) {
            return Optional.empty();
        }
        return string(key, minLength, maxLength);
    }

    public Optional<String> oneOf(String key, Set<String> allowed) {
        Optional<String> value = string(key, 1, 200);
        describe(key, f -> f.enumOf(allowed));
        if (value.isPresent() && !allowed.contains(value.get())) {
            violations.add(pathOf(key), "must be one of " + String.join(", ", allowed));
            return Optional.empty();
        }
        return value;
    }

    public Optional<String> requiredOneOf(String key, Set<String> allowed) {
        describe(key, f -> f.required().type("string").enumOf(allowed));
        if (!has(key)) {
            violations.add(pathOf(key), "is required");
            return Optional.empty();
        }
        return oneOf(key, allowed);
    }

    public Optional<Long> integer(String key, long min, long max) {
        describe(key, f -> f.type("integer").keyword("minimum", min).keyword("maximum", max));
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof Number n) || !isIntegral(n)) {
            violations.add(pathOf(key), "must be an integer");
            return Optional.empty();
        }
        long l = n.longValue();
        if (l < min || l > max) {
            violations.add(pathOf(key), "must be between " + min + " and " + max);
            return Optional.empty();
        }
        return Optional.of(l);
    }

    public Optional<Long> requiredInteger(String key, long min, long max) {
        describe(key, f -> f.required().type("integer").keyword("minimum", min).keyword("maximum", max));
        if (!has(key)) {
            violations.add(pathOf(key), "is required");
            return Optional.empty();
        }
        return integer(key, min, max);
    }

    /** A JSON number (integral or not) in [min, max]. */
    public Optional<BigDecimal> number(String key, BigDecimal min, BigDecimal max) {
        describe(key, f -> f.type("number").keyword("minimum", min).keyword("maximum", max));
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof Number n)) {
            violations.add(pathOf(key), "must be a number");
            return Optional.empty();
        }
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            violations.add(pathOf(key), "must be a finite number");
            return Optional.empty();
        }
        if (decimal.compareTo(min) < 0 || decimal.compareTo(max) > 0) {
            violations.add(pathOf(key), "must be between " + min.toPlainString() + " and " + max.toPlainString());
            return Optional.empty();
        }
        return Optional.of(decimal);
    }

    public Optional<Boolean> bool(String key) {
        describe(key, f -> f.type("boolean"));
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof Boolean b)) {
            violations.add(pathOf(key), "must be a boolean");
            return Optional.empty();
        }
        return Optional.of(b);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> object(String key) {
        describe(key, f -> f.type("object"));
        if (describing()) {
            known.add(key);
            return Optional.of(new LinkedHashMap<>()); // lets the caller describe what it reads inside
        }
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof Map<?, ?> m)) {
            violations.add(pathOf(key), "must be an object");
            return Optional.empty();
        }
        return Optional.of((Map<String, Object>) m);
    }

    /** An object whose values must all be strings (HTTP headers, environment variables). */
    public Optional<Map<String, String>> stringMap(String key, int maxEntries) {
        if (describing()) {
            known.add(key);
            describe(key, f -> f.type("object").keyword("maxProperties", maxEntries)
                    .keyword("additionalProperties", Map.of("type", "string", "maxLength", MAX_STRING)));
            return Optional.empty();
        }
        Optional<Map<String, Object>> object = object(key);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        if (object.get().size() > maxEntries) {
            violations.add(pathOf(key), "must have at most " + maxEntries + " entries");
            return Optional.empty();
        }
        Map<String, String> result = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Object> e : object.get().entrySet()) {
            if (!(e.getValue() instanceof String s) || s.length() > MAX_STRING) {
                violations.add(pathOf(key) + "." + e.getKey(), "must be a string of at most " + MAX_STRING + " characters");
                ok = false;
            } else {
                result.put(e.getKey(), s);
            }
        }
        return ok ? Optional.of(result) : Optional.empty();
    }

    public Optional<List<Object>> list(String key, int minItems, int maxItems) {
        describe(key, f -> {
            f.type("array").keyword("maxItems", maxItems);
            if (minItems > 0) {
                f.keyword("minItems", minItems);
            }
        });
        if (describing()) {
            known.add(key);
            // One empty object as the item, so that a caller reading items as objects describes them.
            return Optional.of(List.of(new LinkedHashMap<String, Object>()));
        }
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof List<?> l)) {
            violations.add(pathOf(key), "must be an array");
            return Optional.empty();
        }
        if (l.size() < minItems) {
            violations.add(pathOf(key), "must have at least " + minItems + " item" + (minItems == 1 ? "" : "s"));
            return Optional.empty();
        }
        if (l.size() > maxItems) {
            violations.add(pathOf(key), "must have at most " + maxItems + " items");
            return Optional.empty();
        }
        // Items may be JSON null; List.copyOf would throw on them instead of letting callers report a violation.
        return Optional.of(Collections.unmodifiableList(new ArrayList<>(l)));
    }

    /** A list of strings each checked by {@code check}; returns the strings that passed. */
    public Optional<List<String>> stringList(String key, int minItems, int maxItems, StringCheck check) {
        if (describing()) {
            list(key, minItems, maxItems);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", "string");
            item.putAll(check.schema());
            describe(key, f -> f.keyword("items", item));
            return Optional.empty();
        }
        Optional<List<Object>> items = list(key, minItems, maxItems);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        boolean ok = true;
        for (int i = 0; i < items.get().size(); i++) {
            String itemPath = Violations.index(pathOf(key), i);
            Object item = items.get().get(i);
            if (!(item instanceof String s)) {
                violations.add(itemPath, "must be a string");
                ok = false;
            } else {
                Optional<String> problem = check.problem(s);
                if (problem.isPresent()) {
                    violations.add(itemPath, problem.get());
                    ok = false;
                }
            }
        }
        return ok ? Optional.of(items.get().stream().map(String.class::cast).toList()) : Optional.empty();
    }

    public Optional<ZoneId> zone(String key) {
        Optional<String> value = string(key, 1, 100);
        describe(key, f -> f.keyword("description", "an IANA time zone such as Europe/Berlin"));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(value.get()));
        } catch (DateTimeException e) {
            violations.add(pathOf(key), "must be an IANA time zone such as Europe/Berlin");
            return Optional.empty();
        }
    }

    public Optional<Instant> instant(String key) {
        Optional<String> value = string(key, 1, 100);
        describe(key, f -> f.keyword("format", "date-time"));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return parseInstant(value.get()).or(() -> {
            violations.add(pathOf(key), "must be an ISO-8601 date-time with offset between the years 0001 and 9999, e.g. 2026-01-31T09:00:00Z");
            return Optional.empty();
        });
    }

    public Optional<String> url(String key, boolean required) {
        Optional<String> value = required ? requiredString(key, 1, 2048) : string(key, 1, 2048);
        describe(key, f -> f.keywords(StringCheck.HTTP_URL.schema()));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> problem = StringCheck.HTTP_URL.problem(value.get());
        if (problem.isPresent()) {
            violations.add(pathOf(key), problem.get());
            return Optional.empty();
        }
        return value;
    }

    /**
     * Applies {@code check} to the value read for {@code key}, if any, recording its problem; the
     * value when it passes. Describes the check on the field.
     */
    public Optional<String> check(String key, Optional<String> value, StringCheck check) {
        describe(key, f -> f.keywords(check.schema()));
        Optional<String> problem = value.flatMap(check::problem);
        problem.ifPresent(p -> violations.add(pathOf(key), p));
        return problem.isPresent() ? Optional.empty() : value;
    }

    /** Records a violation for every key that no reader method asked for. */
    public void rejectUnknownKeys() {
        if (shape != null) {
            shape.close();
        }
        for (String key : source.keySet()) {
            if (!known.contains(key)) {
                violations.add(pathOf(key), "is not a known field");
            }
        }
    }

    public void violation(String key, String message) {
        violations.add(pathOf(key), message);
    }

    /** The earliest and latest instants accepted anywhere: what every store (PostgreSQL timestamptz) can hold. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * An ISO-8601 date-time with offset ({@code 2026-01-31T09:00:00Z}, {@code ...+01:00}), within
     * the years 0001-9999; anything else (including java.time's years beyond 9999, which the
     * database cannot store) is empty.
     */
    public static Optional<Instant> parseInstant(String text) {
        Instant parsed = canonicalInstant(text);
        if (parsed == null) {
            try {
                parsed = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    parsed = Instant.parse(text);
                } catch (DateTimeParseException e2) {
                    return Optional.empty();
                }
            }
        }
        return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST) ? Optional.empty() : Optional.of(parsed);
    }

    private static final int[] FRACTION_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
            10, 1};

    /**
     * {@code text} when it is in the form {@link Instant#toString()} writes for the years 0001-9999
     * ({@code 2026-12-08T03:15:00.123456Z}: four-digit year, seconds, a fraction of 1-9 digits or
     * none, upper-case Z) and names a real date and time; null for anything else, which the general
     * parsers read. Execution logs store their timestamps in this form; reading them through a
     * DateTimeFormatter took 4 % of the CPU of a GET of an execution.
     */
    private static Instant canonicalInstant(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || length > 20 && text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fractionDigits = length == 20 ? 0 : length - 21;
        int fraction = digits(text, 20, fractionDigits);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second,
                fractionDigits == 0 ? 0 : (long) fraction * FRACTION_SCALE[fractionDigits]);
    }

    /** The ASCII digits {@code text[from, from + count)} as a number (0 when count is 0); -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isIntegral(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return true;
        }
        if (n instanceof java.math.BigInteger b) {
            return b.bitLength() < 64;
        }
        try {
            BigDecimal d = new BigDecimal(n.toString());
            return d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A check of one string value: empty when it is fine, else the reason. */
    @FunctionalInterface
    public interface StringCheck {
        Optional<String> problem(String value);

        /**
         * JSON Schema keywords that describe this check on a string (a pattern, a format, a length);
         * empty when the check has no such description. A description may accept more than the check.
         */
        default Map<String, Object> schema() {
            return Map.of();
        }

        /** {@code check} described by the JSON Schema keywords {@code schema}. */
        static StringCheck described(Map<String, Object> schema, StringCheck check) {
            Map<String, Object> keywords = Map.copyOf(schema);
            return new StringCheck() {
                @Override
                public Optional<String> problem(String value) {
                    return check.problem(value);
                }

                @Override
                public Map<String, Object> schema() {
                    return keywords;
                }
            };
        }

        /** {@code check}, except that a value holding a template is only bounded in length (checked once rendered). */
        static StringCheck orTemplate(StringCheck check) {
            Map<String, Object> schema = check.schema().isEmpty() ? Map.of("maxLength", MAX_STRING)
                    : Map.of("anyOf", List.of(check.schema(),
                            Map.of("pattern", ConfigDescription.TEMPLATE_PATTERN, "maxLength", MAX_STRING)));
            return described(schema, v -> v.contains("{{") ? ANY.problem(v) : check.problem(v));
        }

        StringCheck ANY = described(Map.of("maxLength", MAX_STRING), v -> v.length() > MAX_STRING
                ? Optional.of("must be at most " + MAX_STRING + " characters") : Optional.empty());

        StringCheck EMAIL_ADDRESS = described(Map.of("maxLength", 254, "pattern", EMAIL.pattern(), "format", "email"),
                v -> v.length() <= 254 && EMAIL.matcher(v).matches()
                        ? Optional.empty() : Optional.of("must be an email address"));

        StringCheck HTTP_URL = described(Map.of("maxLength", 2048, "format", "uri", "pattern", "^[Hh][Tt][Tt][Pp][Ss]?://"), v -> {
            try {
                URI uri = new URI(v);
                String scheme = uri.getScheme();
                if (v.length() > 2048 || scheme == null || uri.getHost() == null
                        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                    return Optional.of("must be an absolute http or https URL");
                }
                return Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.of("must be an absolute http or https URL");
            }
        });
    }
}
