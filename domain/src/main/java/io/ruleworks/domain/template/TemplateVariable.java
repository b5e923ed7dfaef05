package io.ruleworks.domain.template;

import io.ruleworks.domain.rule.Condition;
import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One value a user supplies when creating a rule from a template, and the rule field it fills.
 * {@code min}/{@code max} bound a number's value, a string's length or a multiselect's count;
 * {@code pattern} (RE2 syntax, the engine of regex conditions) must match a whole string value.
 */
public record TemplateVariable(String name, FieldPath path, String displayName, Optional<String> description,
                               VariableType type, boolean required, Optional<Object> defaultValue,
                               List<Option> options, Optional<BigDecimal> min, Optional<BigDecimal> max,
                               Optional<String> pattern) {

    public static final int MAX_OPTIONS = 100;
    public static final int MAX_DESCRIPTION = 1_000;
    public static final int MAX_TEXT = 255;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,99}$");

    /** One choice of a select or multiselect variable. */
    public record Option(String label, Object value) {
        public Option {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("label", label);
            map.put("value", value);
            return map;
        }
    }

    /** A variable as a client (or the store) wrote it, not yet validated. */
    public record Draft(String name, String ruleFieldPath, String displayName, Optional<String> description,
                        String type, Optional<Boolean> required, Optional<Object> defaultValue,
                        Optional<List<Object>> options, Optional<Map<String, Object>> validation) {
    }

    public TemplateVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        options = List.copyOf(options);
    }

    /** Validates a draft; every problem is added to {@code v} under {@code at} (e.g. template_variables[2]). */
    public static Optional<TemplateVariable> parse(Draft d, String at, Violations v) {
        int before = v.asList().size();
        String nameField = Violations.child(at, "variable_name");
        if (d.name() == null || !NAME.matcher(d.name()).matches()) {
            v.add(nameField, "must start with a letter or underscore and hold only letters, digits and underscores "
                    + "(at most 100)");
        }
        Optional<FieldPath> path = FieldPath.parse(d.ruleFieldPath());
        if (path.isEmpty()) {
            v.add(Violations.child(at, "rule_field_path"), "must be a field path such as trigger_config.event_type "
                    + "or actions[0].config.to");
        }
        if (d.displayName() == null || d.displayName().isBlank() || d.displayName().length() > MAX_TEXT) {
            v.add(Violations.child(at, "display_name"), "must be 1 to " + MAX_TEXT + " characters");
        }
        d.description().filter(s -> s.length() > MAX_DESCRIPTION).ifPresent(s ->
                v.add(Violations.child(at, "description"), "must be at most " + MAX_DESCRIPTION + " characters"));
        Optional<VariableType> type = Optional.ofNullable(d.type()).flatMap(t -> WireEnum.parse(VariableType.class, t));
        if (type.isEmpty()) {
            v.add(Violations.child(at, "type"), "must be one of " + String.join(", ", WireEnum.values(VariableType.class)));
            return Optional.empty();
        }
        List<Option> options = options(d, type.get(), at, v);
        Optional<BigDecimal> min = Optional.empty();
        Optional<BigDecimal> max = Optional.empty();
        Optional<String> pattern = Optional.empty();
        if (d.validation().isPresent()) {
            String vf = Violations.child(at, "validation");
            Map<String, Object> rules = d.validation().get();
            min = number(rules.get("min"), Violations.child(vf, "min"), v);
            max = number(rules.get("max"), Violations.child(vf, "max"), v);
            if ((min.isPresent() || max.isPresent()) && !List.of(VariableType.STRING, VariableType.NUMBER,
                    VariableType.MULTISELECT).contains(type.get())) {
                v.add(vf, "min and max apply only to string, number and multiselect variables");
            }
            if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
                v.add(Violations.child(vf, "max"), "must not be less than min");
            }
            if (rules.get("pattern") instanceof String regex) {
                if (type.get() != VariableType.STRING) {
                    v.add(Violations.child(vf, "pattern"), "applies only to string variables");
                }
                Condition.regexProblem(regex).ifPresent(p -> v.add(Violations.child(vf, "pattern"), p));
                pattern = Optional.of(regex);
            } else if (rules.get("pattern") != null) {
                v.add(Violations.child(vf, "pattern"), "must be a string");
            }
        }
        if (v.asList().size() > before) {
            return Optional.empty();
        }
        TemplateVariable variable = new TemplateVariable(d.name(), path.orElseThrow(), d.displayName(),
                d.description(), type.get(), d.required().orElse(false), d.defaultValue(), options, min, max, pattern);
        d.defaultValue().ifPresent(value -> variable.check(value, Violations.child(at, "default_value"), v));
        return v.asList().size() > before ? Optional.empty() : Optional.of(variable);
    }

    private static List<Option> options(Draft d, VariableType type, String at, Violations v) {
        String field = Violations.child(at, "options");
        boolean choice = type == VariableType.SELECT || type == VariableType.MULTISELECT;
        List<Object> raw = d.options().orElse(List.of());
        if (!choice) {
            if (!raw.isEmpty()) {
                v.add(field, "is only allowed for select and multiselect variables");
            }
            return List.of();
        }
        if (raw.isEmpty() || raw.size() > MAX_OPTIONS) {
            v.add(field, "must have 1 to " + MAX_OPTIONS + " options for a " + type.wire() + " variable");
            return List.of();
        }
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String of = Violations.index(field, i);
            if (!(raw.get(i) instanceof Map<?, ?> option)) {
                v.add(of, "must be an object with label and value");
                continue;
            }
            Object label = option.get("label");
            Object value = option.get("value");
            if (!(label instanceof String l) || l.isBlank() || l.length() > MAX_TEXT) {
                v.add(Violations.child(of, "label"), "must be 1 to " + MAX_TEXT + " characters");
            } else if (value == null) {
                v.add(Violations.child(of, "value"), "is required");
            } else if (options.stream().anyMatch(o -> sameJson(o.value(), value))) {
                v.add(Violations.child(of, "value"), "is used by another option");
            } else {
                options.add(new Option(l, value));
            }
        }
        return options;
    }

    private static Optional<BigDecimal> number(Object raw, String field, Violations v) {
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof Number n && !(raw instanceof Boolean)) {
            return Optional.of(decimal(n));
        }
        v.add(field, "must be a number");
        return Optional.empty();
    }

    /** Adds a violation at {@code field} unless {@code value} is acceptable for this variable. */
    public void check(Object value, String field, Violations v) {
        switch (type) {
            case STRING -> {
                if (!(value instanceof String s)) {
                    v.add(field, "must be a string");
                    return;
                }
                bounds(BigDecimal.valueOf(s.codePointCount(0, s.length())), field, "characters", v);
                if (pattern.isPresent() && !com.google.re2j.Pattern.compile(pattern.get()).matcher(s).matches()) {
                    v.add(field, "must match the pattern " + pattern.get());
                }
            }
            case NUMBER -> {
                if (!(value instanceof Number n) || value instanceof Boolean) {
                    v.add(field, "must be a number");
                    return;
                }
                bounds(decimal(n), field, "", v);
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    v.add(field, "must be true or false");
                }
            }
            case DATE -> {
                if (!(value instanceof String s) || !isDate(s)) {
                    v.add(field, "must be an ISO-8601 date (2026-01-31) or date-time with offset");
                }
            }
            case SELECT -> {
                if (!isOption(value)) {
                    v.add(field, "must be one of the values " + optionValues());
                }
            }
            case MULTISELECT -> {
                if (!(value instanceof List<?> chosen)) {
                    v.add(field, "must be an array of values from " + optionValues());
                    return;
                }
                for (int i = 0; i < chosen.size(); i++) {
                    if (!isOption(chosen.get(i))) {
                        v.add(Violations.index(field, i), "must be one of the values " + optionValues());
                    }
                }
                bounds(BigDecimal.valueOf(chosen.size()), field, "items", v);
            }
        }
    }

    private void bounds(BigDecimal measure, String field, String unit, Violations v) {
        String suffix = unit.isEmpty() ? "" : " " + unit;
        min.filter(m -> measure.compareTo(m) < 0)
                .ifPresent(m -> v.add(field, "must be at least " + m.toPlainString() + suffix));
        max.filter(m -> measure.compareTo(m) > 0)
                .ifPresent(m -> v.add(field, "must be at most " + m.toPlainString() + suffix));
    }

    private boolean isOption(Object value) {
        return options.stream().anyMatch(o -> sameJson(o.value(), value));
    }

    private String optionValues() {
        return options.stream().map(o -> String.valueOf(o.value())).toList().toString();
    }

    private static boolean isDate(String s) {
        if (ConfigReader.parseInstant(s).isPresent()) {
            return true;
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    }

    /** JSON equality: numbers by value (1 equals 1.0), everything else by equals. */
    static boolean sameJson(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Boolean) && !(b instanceof Boolean)) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        return Objects.equals(a, b);
    }

    /** The stored and returned shape (AutomationTemplateVariable plus rule_field_path). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("display_name", displayName);
        description.ifPresent(d -> map.put("description", d));
        map.put("type", type.wire());
        map.put("required", required);
        defaultValue.ifPresent(d -> map.put("default_value", d));
        if (!options.isEmpty()) {
            map.put("options", options.stream().map(Option::toMap).toList());
        }
        if (min.isPresent() || max.isPresent() || pattern.isPresent()) {
            Map<String, Object> validation = new LinkedHashMap<>();
            min.ifPresent(m -> validation.put("min", m));
            max.ifPresent(m -> validation.put("max", m));
            pattern.ifPresent(p -> validation.put("pattern", p));
            map.put("validation", validation);
        }
        map.put("rule_field_path", path.toString());
        return map;
    }

    /** Reads {@link #toMap()}'s shape back. */
    @SuppressWarnings("unchecked")
    public static Draft draftOf(Map<String, Object> stored) {
        return new Draft((String) stored.get("name"), (String) stored.get("rule_field_path"),
                (String) stored.get("display_name"), Optional.ofNullable((String) stored.get("description")),
                (String) stored.get("type"), Optional.ofNullable((Boolean) stored.get("required")),
                Optional.ofNullable(stored.get("default_value")),
                Optional.ofNullable((List<Object>) stored.get("options")),
                Optional.ofNullable((Map<String, Object>) stored.get("validation")));
    }
}
