package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.Condition;
import io.ruleworks.domain.rule.ConditionLogic;
import io.ruleworks.domain.rule.ConditionOperator;
import io.ruleworks.domain.rule.DataType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.rule.ConditionOperator.CONTAINS;
import static io.ruleworks.domain.rule.ConditionOperator.EQUALS;
import static io.ruleworks.domain.rule.ConditionOperator.EXISTS;
import static io.ruleworks.domain.rule.ConditionOperator.GREATER_THAN;
import static io.ruleworks.domain.rule.ConditionOperator.GREATER_THAN_OR_EQUAL;
import static io.ruleworks.domain.rule.ConditionOperator.IN;
import static io.ruleworks.domain.rule.ConditionOperator.LESS_THAN;
import static io.ruleworks.domain.rule.ConditionOperator.LESS_THAN_OR_EQUAL;
import static io.ruleworks.domain.rule.ConditionOperator.NOT_CONTAINS;
import static io.ruleworks.domain.rule.ConditionOperator.NOT_EQUALS;
import static io.ruleworks.domain.rule.ConditionOperator.NOT_EXISTS;
import static io.ruleworks.domain.rule.ConditionOperator.NOT_IN;
import static io.ruleworks.domain.rule.ConditionOperator.REGEX_MATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ConditionEvaluatorPropertyTest {

    private final ConditionEvaluator evaluator = new ConditionEvaluator();

    private boolean holds(Object actual, ConditionOperator op, Object expected, Optional<DataType> type) {
        Map<String, Object> data = new HashMap<>();
        data.put("f", actual);
        Condition condition = new Condition("f", op, Optional.ofNullable(expected), type);
        return evaluator.evaluate(List.of(condition), ConditionLogic.AND, data).matched();
    }

    // ---- negations are complements

    @Property
    void not_equals_is_the_negation_of_equals_for_present_fields(@ForAll("json") Object actual,
                                                                  @ForAll("json") Object expected,
                                                                  @ForAll("dataTypes") Optional<DataType> type) {
        assertThat(holds(actual, NOT_EQUALS, expected, type)).isEqualTo(!holds(actual, EQUALS, expected, type));
    }

    @Property
    void in_and_not_in_are_complementary_for_present_fields(@ForAll("json") Object actual,
                                                            @ForAll("candidates") List<Object> candidates,
                                                            @ForAll("dataTypes") Optional<DataType> type) {
        assertThat(holds(actual, NOT_IN, candidates, type)).isEqualTo(!holds(actual, IN, candidates, type));
    }

    @Property
    void contains_and_not_contains_are_complementary_for_present_fields(@ForAll("json") Object actual,
                                                                        @ForAll("json") Object expected,
                                                                        @ForAll("dataTypes") Optional<DataType> type) {
        assertThat(holds(actual, NOT_CONTAINS, expected, type)).isEqualTo(!holds(actual, CONTAINS, expected, type));
    }

    @Property
    void exists_holds_exactly_for_non_null_values(@ForAll("json") Object actual) {
        assertThat(holds(actual, EXISTS, null, Optional.empty())).isEqualTo(actual != null);
        assertThat(holds(actual, NOT_EXISTS, null, Optional.empty())).isEqualTo(actual == null);
    }

    // ---- equality

    @Property
    void every_non_null_value_equals_itself_and_is_in_a_list_holding_it(@ForAll("jsonValues") Object value) {
        if (value == null) {
            return;
        }
        assertThat(holds(value, EQUALS, value, Optional.empty())).isTrue();
        assertThat(holds(value, IN, List.of(value), Optional.empty())).isTrue();
    }

    @Property
    void a_value_found_at_a_nested_path_equals_itself(@ForAll("jsonValues") Object value,
                                                      @ForAll("paths") List<String> path) {
        if (value == null) {
            return;
        }
        Object nested = value;
        for (int i = path.size() - 1; i >= 0; i--) {
            String segment = path.get(i);
            nested = segment.chars().allMatch(Character::isDigit)
                    ? listWith(Integer.parseInt(segment), nested)
                    : Map.of(segment, nested);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) nested;
        Condition condition = new Condition(String.join(".", path), EQUALS, Optional.of(value), Optional.empty());
        ConditionTrace trace = evaluator.evaluate(List.of(condition), ConditionLogic.AND, data).traces().getFirst();
        assertThat(trace.result()).isTrue();
        assertThat(trace.actual()).containsSame(value);
    }

    private static List<Object> listWith(int index, Object element) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            list.add("filler");
        }
        list.add(element);
        return list;
    }

    // ---- numeric comparisons

    @Property
    void exactly_one_of_less_equal_greater_holds_for_any_two_numbers(@ForAll("numbers") Tuple.Tuple2<BigDecimal, Number> a,
                                                                      @ForAll("numbers") Tuple.Tuple2<BigDecimal, Number> b) {
        Number x = a.get2();
        Number y = b.get2();
        boolean lt = holds(x, LESS_THAN, y, Optional.empty());
        boolean eq = holds(x, EQUALS, y, Optional.empty());
        boolean gt = holds(x, GREATER_THAN, y, Optional.empty());
        assertThat((lt ? 1 : 0) + (eq ? 1 : 0) + (gt ? 1 : 0)).as("%s vs %s", x, y).isEqualTo(1);
        int expected = a.get1().compareTo(b.get1());
        assertThat(lt).isEqualTo(expected < 0);
        assertThat(eq).isEqualTo(expected == 0);
        assertThat(gt).isEqualTo(expected > 0);
        assertThat(holds(x, LESS_THAN_OR_EQUAL, y, Optional.empty())).isEqualTo(lt || eq);
        assertThat(holds(x, GREATER_THAN_OR_EQUAL, y, Optional.empty())).isEqualTo(gt || eq);
    }

    @Property
    void different_representations_of_one_number_are_equal_and_unordered(@ForAll("decimals") BigDecimal value,
                                                                          @ForAll("representationChoices") int first,
                                                                          @ForAll("representationChoices") int second) {
        Optional<Number> x = represent(value, first);
        Optional<Number> y = represent(value, second);
        if (x.isEmpty() || y.isEmpty()) {
            return;
        }
        assertThat(holds(x.get(), EQUALS, y.get(), Optional.empty())).as("%s == %s", x.get(), y.get()).isTrue();
        assertThat(holds(x.get(), LESS_THAN, y.get(), Optional.empty())).isFalse();
        assertThat(holds(x.get(), GREATER_THAN, y.get(), Optional.empty())).isFalse();
        assertThat(holds(x.get(), GREATER_THAN_OR_EQUAL, y.get(), Optional.empty())).isTrue();
    }

    // ---- regex liveness

    /** Patterns that backtracking engines take exponential time on, with whether they match "a...ab". */
    @Property(tries = 30) // 8 patterns x 3 lengths: few enough for jqwik to try every combination
    void regex_match_completes_on_adversarial_inputs(@ForAll("adversarialPatterns") Tuple.Tuple2<String, Boolean> pattern,
                                                     @ForAll("adversarialLengths") int length) {
        String input = "a".repeat(length) + "b";
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> holds(input, REGEX_MATCH, pattern.get1(), Optional.empty()));
        assertThat(matched).as(pattern.get1()).isEqualTo(pattern.get2());
    }

    // ---- generators

    /** JSON-like values, plus a NaN that no JSON document holds but Java callers might pass. */
    @Provide
    Arbitrary<Object> json() {
        return json(2, true);
    }

    /** Values a JSON document can hold. */
    @Provide
    Arbitrary<Object> jsonValues() {
        return json(2, false);
    }

    private static Arbitrary<Object> json(int depth, boolean withNaN) {
        List<Double> doubles = withNaN ? List.of(1.0, -2.5, 0.1, 1e2, Double.NaN) : List.of(1.0, -2.5, 0.1, 1e2);
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(Object.class::cast),
                Arbitraries.of("1", "1.0", "-2", "1e2", "true", "false", "2026-01-31", "2026-01-31T09:00:00Z", "a", "")
                        .map(Object.class::cast),
                Arbitraries.integers().between(-3, 3).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.of(doubles).map(Object.class::cast),
                Arbitraries.of(new BigDecimal("1.00"), new BigDecimal("-2.50"), new BigDecimal("1E+2"))
                        .map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast)).injectNull(0.1);
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<Object> inner = json(depth - 1, withNaN);
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalars),
                Tuple.of(1, inner.list().ofMaxSize(3).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.maps(Arbitraries.of("a", "b"), inner).ofMaxSize(2).map(Object.class::cast)));
    }

    @Provide
    Arbitrary<List<Object>> candidates() {
        return json(1, true).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<Optional<DataType>> dataTypes() {
        return Arbitraries.of(DataType.class).optional(0.6);
    }

    @Provide
    Arbitrary<List<String>> paths() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5),
                        Arbitraries.integers().between(0, 3).map(String::valueOf))
                .list().ofMinSize(1).ofMaxSize(4)
                .filter(path -> !path.getFirst().chars().allMatch(Character::isDigit));
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(BigDecimal::valueOf),
                Arbitraries.integers().map(BigDecimal::valueOf),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e6"), new BigDecimal("1e6")).ofScale(3));
    }

    @Provide
    Arbitrary<Integer> representationChoices() {
        return Arbitraries.integers().between(0, 5);
    }

    /** A number together with one Java representation of its value. */
    @Provide
    Arbitrary<Tuple.Tuple2<BigDecimal, Number>> numbers() {
        Arbitrary<BigDecimal> values = Arbitraries.oneOf(decimals(), Arbitraries.of(BigDecimal.ZERO, BigDecimal.ONE,
                new BigDecimal("-1"), new BigDecimal("0.5")));
        return Combinators.combine(values, representationChoices())
                .as((value, choice) -> represent(value, choice).map(n -> Tuple.of(value, n)))
                .filter(Optional::isPresent)
                .map(Optional::get);
    }

    /** {@code value} as Integer, Long, Double, BigInteger, BigDecimal or scaled BigDecimal, when exact. */
    private static Optional<Number> represent(BigDecimal value, int choice) {
        boolean integral = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        return switch (choice) {
            case 0 -> integral && value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                    && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                    ? Optional.of(value.intValueExact()) : Optional.empty();
            case 1 -> integral && value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                    && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    ? Optional.of(value.longValueExact()) : Optional.empty();
            case 2 -> {
                double d = value.doubleValue();
                yield new BigDecimal(Double.toString(d)).compareTo(value) == 0 ? Optional.of(d) : Optional.empty();
            }
            case 3 -> integral ? Optional.of(value.toBigIntegerExact()) : Optional.<Number>empty();
            case 4 -> Optional.of(value);
            default -> Optional.of(value.setScale(Math.max(value.scale(), 0) + 2));
        };
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, Boolean>> adversarialPatterns() {
        return Arbitraries.of(
                Tuple.of("(a+)+$", false),
                Tuple.of("^(a+)+$", false),
                Tuple.of("(a|aa)+$", false),
                Tuple.of("(.*a){20}$", false),
                Tuple.of("(a+)+c", false),
                Tuple.of("(a*)*$", true),   // the empty match at the end
                Tuple.of("(a|a?)+$", true), // likewise
                Tuple.of("(a+)+b$", true));
    }

    @Provide
    Arbitrary<Integer> adversarialLengths() {
        return Arbitraries.of(30, 1_000, 100_000);
    }
}
