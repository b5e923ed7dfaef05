package io.ruleworks.domain.execution;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.ruleworks.domain.rule.Condition;
import io.ruleworks.domain.rule.ConditionLogic;
import io.ruleworks.domain.rule.ConditionOperator;
import io.ruleworks.domain.rule.DataType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;

/**
 * Decides whether a rule's conditions hold for an execution's data. Pure and stateless: one
 * instance may serve every thread. The full semantics, with a table of all operators, is in
 * {@code docs/conditions.md}; in short:
 *
 * <ul>
 * <li><b>Data</b> is JSON-like plain Java: {@code Map}, {@code List}, {@code String}, {@code Number}
 *     (Integer, Long, Double, BigDecimal, BigInteger...), {@code Boolean} and {@code null}.</li>
 * <li><b>Field paths</b> are dotted: each segment is a map key, or, on a list, a non-negative
 *     integer index without leading zeros ({@code ticket.tags.0}). A path that runs through a
 *     missing key, an index out of range, a null or a scalar is <em>missing</em>.</li>
 * <li><b>Missing field</b>: only {@code not_exists}, {@code not_equals}, {@code not_contains} and
 *     {@code not_in} hold; every other operator is false. The trace note is {@code field missing}.</li>
 * <li><b>Null</b>: a present field holding null does not exist ({@code exists} false,
 *     {@code not_exists} true), equals only a null operand, is {@code in} a list only if the list
 *     holds null, and is false for every ordering, string and regex operator. Note
 *     {@code field is null}.</li>
 * <li><b>Negations</b>: {@code not_equals}, {@code not_contains}, {@code not_in} and
 *     {@code not_exists} are always the exact complement of {@code equals}, {@code contains},
 *     {@code in} and {@code exists}, for missing, null and mismatched values alike.</li>
 * <li><b>Types</b>: the comparison type is the condition's {@code data_type}, or else the JSON
 *     kind of the operand. Both sides are coerced to it: number from numbers and JSON-number
 *     strings (compared by decimal value, 1 == 1.0 == "1.00"); boolean from booleans and
 *     "true"/"false"; date from ISO-8601 date / date-time strings and integral epoch millis
 *     (compared chronologically); string, array and object only from their own kind. A side that
 *     cannot be coerced makes the positive operator false with note {@code type mismatch: ...}.</li>
 * <li><b>Strings</b> compare exactly and case-sensitively; ordering is lexicographic by UTF-16
 *     code unit.</li>
 * <li><b>regex_match</b> uses RE2J {@code find()} (linear time), each distinct pattern compiled
 *     once per {@link #evaluate} call; a field value longer than
 *     {@value #MAX_REGEX_INPUT_LENGTH} characters does not match.</li>
 * </ul>
 *
 * <p>Every condition is evaluated (no short-circuit) so that the outcome carries one trace per
 * condition. {@code and} holds when all conditions hold, {@code or} when any does, {@code not}
 * when none does; an empty condition list always matches.
 */
public final class ConditionEvaluator {

    /** Longest field value {@code regex_match} looks at; longer values do not match. */
    public static final int MAX_REGEX_INPUT_LENGTH = 1_000_000;

    static final String FIELD_MISSING = "field missing";
    static final String FIELD_NULL = "field is null";
    static final String TYPE_MISMATCH = "type mismatch";

    private static final Object MISSING = new Object();
    private static final Set<ConditionOperator> NEGATIONS = EnumSet.of(ConditionOperator.NOT_EQUALS,
            ConditionOperator.NOT_CONTAINS, ConditionOperator.NOT_IN, ConditionOperator.NOT_EXISTS);
    private static final Set<DataType> ORDERED = EnumSet.of(DataType.NUMBER, DataType.STRING, DataType.DATE);
    private static final java.util.regex.Pattern LIST_INDEX = java.util.regex.Pattern.compile("0|[1-9][0-9]{0,8}");

    /**
     * Evaluates {@code conditions} against {@code data} and combines them with {@code logic}.
     *
     * @return whether the rule's conditions match, and one trace per condition in order
     */
    public ConditionOutcome evaluate(List<Condition> conditions, ConditionLogic logic, Map<String, Object> data) {
        Objects.requireNonNull(conditions, "conditions");
        Objects.requireNonNull(logic, "logic");
        Objects.requireNonNull(data, "data");
        Map<String, Optional<Pattern>> patterns = new HashMap<>();
        List<ConditionTrace> traces = new ArrayList<>(conditions.size());
        for (Condition condition : conditions) {
            traces.add(evaluate(condition, data, patterns));
        }
        return new ConditionOutcome(combine(logic, traces), traces);
    }

    private static boolean combine(ConditionLogic logic, List<ConditionTrace> traces) {
        return switch (logic) {
            case AND -> traces.stream().allMatch(ConditionTrace::result);
            case OR -> traces.isEmpty() || traces.stream().anyMatch(ConditionTrace::result);
            case NOT -> traces.stream().noneMatch(ConditionTrace::result);
        };
    }

    private static ConditionTrace evaluate(Condition condition, Map<String, Object> data,
                                           Map<String, Optional<Pattern>> patterns) {
        Object actual = resolve(data, condition.field());
        Verdict verdict;
        if (actual == MISSING) {
            verdict = new Verdict(NEGATIONS.contains(condition.operator()), Optional.of(FIELD_MISSING));
        } else {
            verdict = decide(condition, actual, patterns);
            if (actual == null) {
                verdict = new Verdict(verdict.result(), Optional.of(FIELD_NULL));
            }
        }
        Optional<Object> found = actual == MISSING ? Optional.empty() : Optional.ofNullable(actual);
        return new ConditionTrace(condition.field(), condition.operator().wire(), condition.value(), found,
                verdict.result(), verdict.note());
    }

    private static Verdict decide(Condition condition, Object actual, Map<String, Optional<Pattern>> patterns) {
        Object expected = condition.value().orElse(null);
        Optional<DataType> declared = condition.dataType();
        ConditionOperator op = condition.operator();
        return switch (op) {
            case EXISTS -> Verdict.of(actual != null);
            case NOT_EXISTS -> Verdict.of(actual == null);
            case EQUALS -> equal(actual, expected, declared);
            case NOT_EQUALS -> equal(actual, expected, declared).negate();
            case GREATER_THAN -> order(actual, expected, declared, op, c -> c > 0);
            case GREATER_THAN_OR_EQUAL -> order(actual, expected, declared, op, c -> c >= 0);
            case LESS_THAN -> order(actual, expected, declared, op, c -> c < 0);
            case LESS_THAN_OR_EQUAL -> order(actual, expected, declared, op, c -> c <= 0);
            case CONTAINS -> contains(actual, expected, declared, op);
            case NOT_CONTAINS -> contains(actual, expected, declared, op).negate();
            case STARTS_WITH -> affix(actual, expected, declared, op, String::startsWith);
            case ENDS_WITH -> affix(actual, expected, declared, op, String::endsWith);
            case IN -> in(actual, expected, declared);
            case NOT_IN -> in(actual, expected, declared).negate();
            case REGEX_MATCH -> regex(actual, expected, declared, op, patterns);
        };
    }

    private static Verdict equal(Object actual, Object expected, Optional<DataType> declared) {
        if (actual == null || expected == null) {
            return Verdict.of(actual == expected);
        }
        Optional<DataType> type = declared.or(() -> JsonValues.kindOf(expected));
        if (type.isEmpty()) {
            return Verdict.of(JsonValues.deepEquals(actual, expected));
        }
        DataType t = type.get();
        return withBoth(actual, expected, t, (a, e) -> Verdict.of(switch (t) {
            case NUMBER -> ((BigDecimal) a).compareTo((BigDecimal) e) == 0;
            case ARRAY, OBJECT -> JsonValues.deepEquals(a, e);
            case STRING, BOOLEAN, DATE -> a.equals(e);
        }));
    }

    @SuppressWarnings("unchecked")
    private static Verdict order(Object actual, Object expected, Optional<DataType> declared, ConditionOperator op,
                                 IntPredicate holds) {
        if (actual == null) {
            return Verdict.no();
        }
        if (expected == null) {
            return Verdict.no("expected value is required");
        }
        Optional<DataType> type = declared.or(() -> JsonValues.kindOf(expected));
        if (type.isEmpty() || !ORDERED.contains(type.get())) {
            return notDefined(op, type);
        }
        return withBoth(actual, expected, type.get(),
                (a, e) -> Verdict.of(holds.test(((Comparable<Object>) a).compareTo(e))));
    }

    private static Verdict contains(Object actual, Object expected, Optional<DataType> declared, ConditionOperator op) {
        if (actual == null) {
            return Verdict.no();
        }
        if (declared.equals(Optional.of(DataType.OBJECT))) {
            return notDefined(op, declared);
        }
        if (actual instanceof List<?> items) {
            Optional<DataType> elementType = declared.filter(t -> t != DataType.ARRAY);
            return Verdict.of(items.stream().anyMatch(item -> equal(item, expected, elementType).result()));
        }
        if (declared.equals(Optional.of(DataType.ARRAY))) {
            return Verdict.no(mismatch("field value", DataType.ARRAY));
        }
        if (declared.isPresent() && declared.get() != DataType.STRING) {
            return notDefined(op, declared);
        }
        if (!(actual instanceof String text)) {
            return Verdict.no(TYPE_MISMATCH + ": field value is neither a string nor an array");
        }
        if (!(expected instanceof String part)) {
            return Verdict.no(mismatch("expected value", DataType.STRING));
        }
        return Verdict.of(text.contains(part));
    }

    private static Verdict affix(Object actual, Object expected, Optional<DataType> declared, ConditionOperator op,
                                 BiPredicate<String, String> test) {
        if (actual == null) {
            return Verdict.no();
        }
        if (declared.isPresent() && declared.get() != DataType.STRING) {
            return notDefined(op, declared);
        }
        if (!(actual instanceof String text)) {
            return Verdict.no(mismatch("field value", DataType.STRING));
        }
        if (!(expected instanceof String part)) {
            return Verdict.no(mismatch("expected value", DataType.STRING));
        }
        return Verdict.of(test.test(text, part));
    }

    private static Verdict in(Object actual, Object expected, Optional<DataType> declared) {
        if (!(expected instanceof List<?> candidates)) {
            return Verdict.no("expected value must be an array");
        }
        if (candidates.stream().anyMatch(c -> equal(actual, c, declared).result())) {
            return Verdict.of(true);
        }
        if (actual instanceof List<?> items && !declared.equals(Optional.of(DataType.ARRAY))) {
            return Verdict.of(items.stream().anyMatch(
                    item -> candidates.stream().anyMatch(c -> equal(item, c, declared).result())));
        }
        if (actual != null && declared.isPresent() && JsonValues.coerce(actual, declared.get()).isEmpty()) {
            return Verdict.no(mismatch("field value", declared.get()));
        }
        return Verdict.no();
    }

    private static Verdict regex(Object actual, Object expected, Optional<DataType> declared, ConditionOperator op,
                                 Map<String, Optional<Pattern>> patterns) {
        if (actual == null) {
            return Verdict.no();
        }
        if (declared.isPresent() && declared.get() != DataType.STRING) {
            return notDefined(op, declared);
        }
        if (!(actual instanceof String text)) {
            return Verdict.no(mismatch("field value", DataType.STRING));
        }
        if (!(expected instanceof String regex)) {
            return Verdict.no("expected value must be a regular expression string");
        }
        if (text.length() > MAX_REGEX_INPUT_LENGTH) {
            return Verdict.no("field value is longer than " + MAX_REGEX_INPUT_LENGTH + " characters");
        }
        Optional<Pattern> pattern = patterns.computeIfAbsent(regex, ConditionEvaluator::compile);
        if (pattern.isEmpty()) {
            return Verdict.no("invalid regular expression");
        }
        return Verdict.of(pattern.get().matcher(text).find());
    }

    private static Optional<Pattern> compile(String regex) {
        if (regex.length() > Condition.MAX_REGEX_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Coerces both sides to {@code type}, then compares; a side that cannot be coerced is a mismatch. */
    private static Verdict withBoth(Object actual, Object expected, DataType type,
                                    BiFunction<Object, Object, Verdict> compare) {
        Optional<Object> a = JsonValues.coerce(actual, type);
        if (a.isEmpty()) {
            return Verdict.no(mismatch("field value", type));
        }
        Optional<Object> e = JsonValues.coerce(expected, type);
        if (e.isEmpty()) {
            return Verdict.no(mismatch("expected value", type));
        }
        return compare.apply(a.get(), e.get());
    }

    /**
     * The value at a dotted path, {@code null} for an explicit null, or {@link #MISSING} when the
     * path does not lead to a value.
     */
    private static Object resolve(Map<String, Object> data, String field) {
        Object current = data;
        for (String segment : field.split("\\.", -1)) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(segment)) {
                    return MISSING;
                }
                current = map.get(segment);
            } else if (current instanceof List<?> list) {
                if (!LIST_INDEX.matcher(segment).matches()) {
                    return MISSING;
                }
                int index = Integer.parseInt(segment);
                if (index >= list.size()) {
                    return MISSING;
                }
                current = list.get(index);
            } else {
                return MISSING;
            }
        }
        return current;
    }

    private static String mismatch(String side, DataType type) {
        return TYPE_MISMATCH + ": " + side + " is not " + article(type);
    }

    private static Verdict notDefined(ConditionOperator op, Optional<DataType> type) {
        return Verdict.no(op.wire() + " is not defined for " + type.map(DataType::wire).orElse("this operand"));
    }

    private static String article(DataType type) {
        return switch (type) {
            case ARRAY, OBJECT -> "an " + type.wire();
            default -> "a " + type.wire();
        };
    }

    /** One condition's result and, when values were not compared normally, why. */
    private record Verdict(boolean result, Optional<String> note) {

        static Verdict of(boolean result) {
            return new Verdict(result, Optional.empty());
        }

        static Verdict no() {
            return of(false);
        }

        static Verdict no(String note) {
            return new Verdict(false, Optional.of(note));
        }

        Verdict negate() {
            return new Verdict(!result, note);
        }
    }
}
