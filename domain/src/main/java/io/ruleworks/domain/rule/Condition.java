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
    /** Upper bound on the product of counted repetitions ({@code a{n,m}}), which multiply RE2's program size. */
    public static final long MAX_REPETITION_PRODUCT = 1_000;
    private static final Pattern COUNTED_REPETITION = Pattern.compile("\\{(\\d{1,9})(?:,(\\d{0,9}))?}");
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
                } else {
                    regexProblem(regex).ifPresent(problem -> r.violation("value", problem));
                }
            }
            default -> {
                if (value.isEmpty()) {
                    r.violation("value", "is required for operator " + op.wire());
                }
            }
        }
    }

    /**
     * Why {@code regex} cannot be used as a pattern (too long, too slow to match, or not RE2
     * syntax), if it cannot; shared by every place that accepts a client's regular expression.
     */
    public static Optional<String> regexProblem(String regex) {
        if (regex.length() > MAX_REGEX_LENGTH) {
            return Optional.of("must be at most " + MAX_REGEX_LENGTH + " characters");
        }
        if (repetitionProduct(regex) > MAX_REPETITION_PRODUCT) {
            return Optional.of("uses counted repetitions too large to match quickly (the product of "
                    + "{n,m} bounds must be at most " + MAX_REPETITION_PRODUCT + ")");
        }
        try {
            com.google.re2j.Pattern.compile(regex);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("is not a valid regular expression (RE2 syntax): " + e.getDescription());
        }
    }

    /**
     * The product of all counted-repetition bounds in a pattern: RE2 expands {@code x{n,m}} into up to
     * m copies of x, so nested or chained counts multiply its program and its matching time.
     * Over-approximates (it also counts escaped braces), which only errs on the safe side.
     */
    static long repetitionProduct(String regex) {
        long product = 1;
        var matcher = COUNTED_REPETITION.matcher(regex);
        while (matcher.find()) {
            String upper = matcher.group(2) == null || matcher.group(2).isEmpty() ? matcher.group(1) : matcher.group(2);
            product = Math.multiplyHigh(product, Long.parseLong(upper)) != 0 ? Long.MAX_VALUE
                    : Math.max(product * Math.max(1, Long.parseLong(upper)), product);
            if (product > MAX_REPETITION_PRODUCT) {
                return product;
            }
        }
        return product;
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
