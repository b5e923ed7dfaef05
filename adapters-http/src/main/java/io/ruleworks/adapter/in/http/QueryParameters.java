package io.ruleworks.adapter.in.http;

import io.micronaut.http.HttpParameters;
import io.ruleworks.adapter.in.http.fieldvalidation.FieldValidation;
import io.ruleworks.adapter.in.http.fieldvalidation.FieldWarnings;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a list endpoint's query string: the parameters it names are parsed to their types, each
 * at most once unless read as a list ({@link #texts}); every problem is collected with the
 * parameter's name, and nothing the client typed ever reaches SQL text. Parameters it does not
 * name (a cache buster {@code _=1700000000000}) are refused, warned about or ignored as the
 * request's field validation mode says ({@link FieldWarnings}); {@code fieldValidation} itself
 * is always known.
 */
public final class QueryParameters {

    public static final int MAX_TEXT = 255;

    private final HttpParameters parameters;
    private final Violations violations = new Violations();
    private final Map<String, Object> filters = new LinkedHashMap<>();

    private final Set<String> repeatable = new LinkedHashSet<>();

    public QueryParameters(HttpParameters parameters, Set<String> allowed) {
        this.parameters = parameters;
        List<String> unknown = new java.util.ArrayList<>();
        for (String name : parameters.names()) {
            if (name.equals(FieldValidation.PARAMETER)) {
                continue;
            }
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        FieldWarnings warnings = FieldWarnings.current();
        if (warnings.mode() == FieldValidation.STRICT) {
            unknown.forEach(name -> violations.add(name, "is not a known query parameter"));
        } else {
            unknown.forEach(name -> warnings.warn("unknown query parameter \"" + name + "\""));
        }
    }

    private Optional<String> raw(String name) {
        if (!repeatable.contains(name) && parameters.getAll(name).size() > 1) {
            violations.add(name, "must be given at most once");
            return Optional.empty();
        }
        Optional<String> value = Optional.ofNullable(parameters.get(name)).map(String::strip);
        if (value.isPresent() && value.get().indexOf('\0') >= 0) {
            violations.add(name, RequestBodyReader.NUL_MESSAGE);
            return Optional.empty();
        }
        value.ifPresent(v -> {
            if (!name.equals("page") && !name.equals("limit")) {
                filters.put(name, v);
            }
        });
        return value;
    }

    public PageRequest page() {
        int page = integer("page", 1, PageRequest.MAX_PAGE).map(Long::intValue).orElse(1);
        int limit = integer("limit", 1, PageRequest.MAX_LIMIT).map(Long::intValue).orElse(PageRequest.DEFAULT_LIMIT);
        return violations.isEmpty() ? new PageRequest(page, limit) : new PageRequest(1, 1);
    }

    public Optional<String> text(String name) {
        Optional<String> value = raw(name);
        if (value.isPresent() && (value.get().isEmpty() || value.get().length() > MAX_TEXT)) {
            violations.add(name, "must be 1 to " + MAX_TEXT + " characters");
            return Optional.empty();
        }
        return value;
    }

    public Optional<Long> integer(String name, long min, long max) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed < min || parsed > max) {
                violations.add(name, "must be between " + min + " and " + max);
                return Optional.empty();
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            violations.add(name, "must be an integer");
            return Optional.empty();
        }
    }

    /**
     * A number ({@code 0.5}, {@code 12}, {@code 1e3}) between {@code min} and {@code max}, where
     * the contract types the parameter as a number.
     */
    public Optional<BigDecimal> number(String name, BigDecimal min, BigDecimal max) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(value.get());
        } catch (NumberFormatException e) {
            violations.add(name, "must be a number");
            return Optional.empty();
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            violations.add(name, "must be between " + min.toPlainString() + " and " + max.toPlainString());
            return Optional.empty();
        }
        return Optional.of(parsed);
    }

    /**
     * A list of texts as Alga's schemas read one: the parameter repeated ({@code tags=a&tags=b}),
     * comma-separated ({@code tags=a,b}), or both; each item 1 to {@link #MAX_TEXT} characters,
     * at most {@code max} distinct.
     */
    public Set<String> texts(String name, int max) {
        repeatable.add(name);
        Set<String> items = new LinkedHashSet<>();
        for (String given : parameters.getAll(name)) {
            if (given.indexOf('\0') >= 0) {
                violations.add(name, RequestBodyReader.NUL_MESSAGE);
                return Set.of();
            }
            for (String item : given.split(",", -1)) {
                String stripped = item.strip();
                if (stripped.isEmpty() || stripped.length() > MAX_TEXT) {
                    violations.add(name, "must be a comma-separated list of items of 1 to " + MAX_TEXT + " characters");
                    return Set.of();
                }
                items.add(stripped);
            }
        }
        if (items.size() > max) {
            violations.add(name, "must list at most " + max + " items");
            return Set.of();
        }
        if (!items.isEmpty()) {
            filters.put(name, String.join(",", items));
        }
        return items;
    }

    public Optional<Boolean> bool(String name) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (value.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                violations.add(name, "must be true or false");
                yield Optional.empty();
            }
        };
    }

    public Optional<Instant> instant(String name) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> parsed = ConfigReader.parseInstant(value.get());
        if (parsed.isEmpty()) {
            violations.add(name, "must be an ISO-8601 date-time with offset between the years 0001 and 9999, e.g. 2026-01-31T09:00:00Z");
        }
        return parsed;
    }

    public Optional<UUID> uuid(String name) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> parsed = Ids.parse(value.get());
        if (parsed.isEmpty()) {
            violations.add(name, "must be a UUID");
        }
        return parsed;
    }

    public <E extends Enum<E> & WireEnum> Optional<E> oneOf(String name, Class<E> type) {
        return oneOf(name, type, List.of(type.getEnumConstants()));
    }

    public <E extends Enum<E> & WireEnum> Optional<E> oneOf(String name, Class<E> type, List<E> allowed) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<E> parsed = WireEnum.parse(type, value.get()).filter(allowed::contains);
        if (parsed.isEmpty()) {
            violations.add(name, "must be one of " + String.join(", ", allowed.stream().map(WireEnum::wire).toList()));
        }
        return parsed;
    }

    /**
     * A comma-separated list of UUIDs ({@code a,b,c}), 1 to {@code max} distinct items; the
     * contract passes array filters as one raw string.
     */
    public Set<UUID> uuids(String name, int max) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String item : items(name, max)) {
            Optional<UUID> id = Ids.parse(item);
            if (id.isEmpty()) {
                violations.add(name, "must be a comma-separated list of UUIDs");
                return Set.of();
            }
            ids.add(id.get());
        }
        return ids;
    }

    /** A comma-separated list of an enum's wire values ({@code a,b}), each at most once in effect. */
    public <E extends Enum<E> & WireEnum> Set<E> allOf(String name, Class<E> type) {
        Set<E> values = new LinkedHashSet<>();
        for (String item : items(name, type.getEnumConstants().length * 4)) {
            Optional<E> value = WireEnum.parse(type, item);
            if (value.isEmpty()) {
                violations.add(name, "must be a comma-separated list of "
                        + String.join(", ", WireEnum.values(type)));
                return Set.of();
            }
            values.add(value.get());
        }
        return values;
    }

    private List<String> items(String name, int max) {
        Optional<String> value = raw(name);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> items = Arrays.stream(value.get().split(",", -1)).map(String::strip).toList();
        if (items.stream().anyMatch(String::isEmpty)) {
            violations.add(name, "must be a comma-separated list without empty items");
            return List.of();
        }
        if (items.size() > max) {
            violations.add(name, "must list at most " + max + " items");
            return List.of();
        }
        return items;
    }

    /** Checks that {@code from} is not after {@code to} when both are given. */
    public void range(String fromName, Optional<? extends Comparable<?>> from, String toName,
                      Optional<? extends Comparable<?>> to) {
        if (from.isPresent() && to.isPresent() && compare(from.get(), to.get()) > 0) {
            violations.add(toName, "must not be before " + fromName);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    public Map<String, Object> filters() {
        return Map.copyOf(filters);
    }

    /** Throws a ValidationException naming every bad parameter, if any. */
    public void validate() {
        violations.throwIfAny();
    }
}
