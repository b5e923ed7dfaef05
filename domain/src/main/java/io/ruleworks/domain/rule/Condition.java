package io.ruleworks.domain.rule;

import com.google.re2j.PatternSyntaxException;
import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One condition: a dotted field path into the execution's data, an operator, and the operand.
 * {@code value} is empty for {@code exists} / {@code not_exists}.
 */
public record Condition(String field, ConditionOperator operator, Optional<Object> value, Optional<DataType> dataType) {

    public static final int MAX_FIELD_LENGTH = 255;
    public static final int MAX_REGEX_LENGTH = 1_000;
    private static final Pattern FIELD_PATH = Pattern.compile("^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$");

    public Condition {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** Parses one condition object, recording every problem under {@code path}. */
    public static Optional<Condition> parse(Object raw, String path, Violations violations) {
        if (!(raw instanceof Map<?, ?> map)) {
            violations.add(path, "must be an object");
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        ConfigReader r = new ConfigReader((Map<String, Object>) map, path, violations);
        Optional<String> field = r.requiredString("field", 1, MAX_FIELD_LENGTH);
        if (field.isPresent() && !FIELD_PATH.matcher(field.get()).matches()) {
            r.violation("field", "must be a dotted path such as ticket.priority");
            field = Optional.empty();
        }
        Optional<ConditionOperator> operator = r.requiredOneOf("operator", WireEnum.values(ConditionOperator.class))
                .map(o -> WireEnum.require(ConditionOperator.class, o));
        Optional<DataType> dataType = r.oneOf("data_type", WireEnum.values(DataType.class))
                .map(d -> WireEnum.require(DataType.class, d));
        Optional<Object> value = r.raw("value");
        r.rejectUnknownKeys();
        operator.ifPresent(op -> checkOperand(op, value, r));
        if (field.isEmpty() || operator.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Condition(field.get(), operator.get(), value, dataType));
    }

    private static void checkOperand(ConditionOperator op, Optional<Object> value, ConfigReader r) {
        switch (op) {
            case EXISTS, NOT_EXISTS -> { /* no operand */ }
            case IN, NOT_IN -> {
                if (value.isEmpty() || !(value.get() instanceof List<?>)) {
                    r.violation("value", "must be an array for operator " + op.wire());
                }
            }
            case REGEX_MATCH -> {
                if (value.isEmpty() || !(value.get() instanceof String regex)) {
                    r.violation("value", "must be a regular expression string for operator regex_match");
                } else if (regex.length() > MAX_REGEX_LENGTH) {
                    r.violation("value", "must be at most " + MAX_REGEX_LENGTH + " characters");
                } else {
                    try {
                        com.google.re2j.Pattern.compile(regex);
                    } catch (PatternSyntaxException e) {
                        r.violation("value", "is not a valid regular expression (RE2 syntax): " + e.getDescription());
                    }
                }
            }
            default -> {
                if (value.isEmpty()) {
                    r.violation("value", "is required for operator " + op.wire());
                }
            }
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("field", field);
        map.put("operator", operator.wire());
        value.ifPresent(v -> map.put("value", v));
        dataType.ifPresent(d -> map.put("data_type", d.wire()));
        return map;
    }
}
