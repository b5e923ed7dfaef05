package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.Condition;
import io.ruleworks.domain.rule.ConditionLogic;
import io.ruleworks.domain.rule.ConditionOperator;
import io.ruleworks.domain.rule.DataType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.rule.ConditionOperator.CONTAINS;
import static io.ruleworks.domain.rule.ConditionOperator.ENDS_WITH;
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
import static io.ruleworks.domain.rule.ConditionOperator.STARTS_WITH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ConditionEvaluatorTest {

    private final ConditionEvaluator evaluator = new ConditionEvaluator();

    // ---- helpers

    private static Condition condition(String field, ConditionOperator op, Object value) {
        return new Condition(field, op, Optional.ofNullable(value), Optional.empty());
    }

    private static Condition condition(String field, ConditionOperator op, Object value, DataType type) {
        return new Condition(field, op, Optional.ofNullable(value), Optional.of(type));
    }

    /** Data with one field {@code f} holding {@code value} (which may be null). */
    private static Map<String, Object> field(Object value) {
        Map<String, Object> data = new HashMap<>();
        data.put("f", value);
        return data;
    }

    private ConditionTrace trace(Condition condition, Map<String, Object> data) {
        ConditionOutcome outcome = evaluator.evaluate(List.of(condition), ConditionLogic.AND, data);
        assertThat(outcome.traces()).hasSize(1);
        ConditionTrace trace = outcome.traces().getFirst();
        assertThat(outcome.matched()).isEqualTo(trace.result());
        return trace;
    }

    /** Whether {@code f <op> expected} holds when f holds {@code actual}. */
    private boolean holds(Object actual, ConditionOperator op, Object expected) {
        return trace(condition("f", op, expected), field(actual)).result();
    }

    private boolean holds(Object actual, ConditionOperator op, Object expected, DataType type) {
        return trace(condition("f", op, expected, type), field(actual)).result();
    }

    /** The trace note of {@code f <op> expected}, or "(none)". */
    private String note(Object actual, ConditionOperator op, Object expected) {
        return trace(condition("f", op, expected), field(actual)).note().orElse("(none)");
    }

    private String note(Object actual, ConditionOperator op, Object expected, DataType type) {
        return trace(condition("f", op, expected, type), field(actual)).note().orElse("(none)");
    }

    private static Map<String, Object> ticket() {
        return Map.of("ticket", Map.of(
                "id", 42,
                "title", "Printer on fire",
                "tags", List.of("hardware", "urgent"),
                "contacts", List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com")),
                "priority", Map.of("level", 3)));
    }

    @Nested
    class Field_paths {

        @Test
        void a_dotted_path_walks_nested_maps() {
            assertThat(trace(condition("ticket.priority.level", EQUALS, 3), ticket()).result()).isTrue();
        }

        @Test
        void a_numeric_segment_indexes_a_list() {
            assertThat(trace(condition("ticket.tags.1", EQUALS, "urgent"), ticket()).result()).isTrue();
            assertThat(trace(condition("ticket.contacts.1.email", EQUALS, "b@example.com"), ticket()).result()).isTrue();
        }

        @Test
        void an_index_past_the_end_is_missing() {
            ConditionTrace trace = trace(condition("ticket.tags.2", EXISTS, null), ticket());
            assertThat(trace.result()).isFalse();
            assertThat(trace.note()).contains("field missing");
        }

        @Test
        void an_index_with_a_leading_zero_or_sign_is_missing() {
            assertThat(trace(condition("ticket.tags.01", EXISTS, null), ticket()).note()).contains("field missing");
            assertThat(trace(condition("ticket.tags.-1", EXISTS, null), ticket()).note()).contains("field missing");
        }

        @Test
        void a_name_on_a_list_is_missing() {
            assertThat(trace(condition("ticket.tags.size", EXISTS, null), ticket()).note()).contains("field missing");
        }

        @Test
        void a_path_through_a_scalar_is_missing() {
            assertThat(trace(condition("ticket.title.length", EXISTS, null), ticket()).note()).contains("field missing");
        }

        @Test
        void a_path_through_a_null_is_missing() {
            Map<String, Object> data = field(null);
            assertThat(trace(condition("f.id", EXISTS, null), data).note()).contains("field missing");
        }
    }

    @Nested
    class Logic {

        private final Condition yes = condition("ticket.id", EQUALS, 42);
        private final Condition no = condition("ticket.id", EQUALS, 7);

        private boolean matched(ConditionLogic logic, Condition... conditions) {
            return evaluator.evaluate(List.of(conditions), logic, ticket()).matched();
        }

        @ParameterizedTest
        @EnumSource(ConditionLogic.class)
        void an_empty_condition_list_matches(ConditionLogic logic) {
            ConditionOutcome outcome = evaluator.evaluate(List.of(), logic, Map.of());
            assertThat(outcome.matched()).isTrue();
            assertThat(outcome.traces()).isEmpty();
        }

        @Test
        void and_needs_every_condition() {
            assertThat(matched(ConditionLogic.AND, yes, yes)).isTrue();
            assertThat(matched(ConditionLogic.AND, yes, no)).isFalse();
        }

        @Test
        void or_needs_any_condition() {
            assertThat(matched(ConditionLogic.OR, no, yes)).isTrue();
            assertThat(matched(ConditionLogic.OR, no, no)).isFalse();
        }

        @Test
        void not_needs_no_condition_to_hold() {
            assertThat(matched(ConditionLogic.NOT, no, no)).isTrue();
            assertThat(matched(ConditionLogic.NOT, no, yes)).isFalse();
        }

        @Test
        void every_condition_is_traced_even_after_the_outcome_is_decided() {
            ConditionOutcome outcome = evaluator.evaluate(List.of(no, yes, no), ConditionLogic.AND, ticket());
            assertThat(outcome.matched()).isFalse();
            assertThat(outcome.traces()).extracting(ConditionTrace::result).containsExactly(false, true, false);
        }
    }

    @Nested
    class Traces {

        @Test
        void a_trace_records_field_operator_operand_actual_value_and_result() {
            ConditionTrace trace = trace(condition("ticket.id", GREATER_THAN, 40), ticket());
            assertThat(trace).isEqualTo(new ConditionTrace("ticket.id", "greater_than", Optional.of(40),
                    Optional.of(42), true, Optional.empty()));
        }

        @Test
        void a_missing_field_has_no_actual_value_and_says_so() {
            ConditionTrace trace = trace(condition("ticket.owner", EQUALS, "bob"), ticket());
            assertThat(trace.actual()).isEmpty();
            assertThat(trace.result()).isFalse();
            assertThat(trace.note()).contains("field missing");
        }

        @Test
        void a_null_field_has_no_actual_value_and_says_so() {
            ConditionTrace trace = trace(condition("f", EQUALS, "bob"), field(null));
            assertThat(trace.actual()).isEmpty();
            assertThat(trace.note()).contains("field is null");
        }

        @Test
        void exists_traces_no_operand() {
            ConditionTrace trace = trace(condition("ticket.id", EXISTS, null), ticket());
            assertThat(trace.expected()).isEmpty();
            assertThat(trace.operator()).isEqualTo("exists");
            assertThat(trace.result()).isTrue();
        }

        @Test
        void traces_keep_the_order_of_the_conditions() {
            ConditionOutcome outcome = evaluator.evaluate(List.of(condition("ticket.title", EXISTS, null),
                    condition("ticket.id", EXISTS, null)), ConditionLogic.OR, ticket());
            assertThat(outcome.traces()).extracting(ConditionTrace::field).containsExactly("ticket.title", "ticket.id");
        }
    }

    @Nested
    class Missing_field {

        @ParameterizedTest
        @EnumSource(ConditionOperator.class)
        void only_the_negated_operators_hold(ConditionOperator op) {
            Object operand = switch (op) {
                case IN, NOT_IN -> List.of("x");
                case EXISTS, NOT_EXISTS -> null;
                default -> "x";
            };
            ConditionTrace trace = trace(condition("ticket.nope", op, operand), ticket());
            boolean negated = op == NOT_EQUALS || op == NOT_CONTAINS || op == NOT_IN || op == NOT_EXISTS;
            assertThat(trace.result()).isEqualTo(negated);
            assertThat(trace.note()).contains("field missing");
        }
    }

    @Nested
    class Null_field {

        @Test
        void null_does_not_exist() {
            assertThat(holds(null, EXISTS, null)).isFalse();
            assertThat(holds(null, NOT_EXISTS, null)).isTrue();
        }

        @Test
        void null_equals_only_an_absent_operand() {
            assertThat(holds(null, EQUALS, "x")).isFalse();
            assertThat(holds(null, NOT_EQUALS, "x")).isTrue();
            assertThat(holds(null, EQUALS, null)).isTrue();
        }

        @Test
        void null_is_in_a_list_only_if_the_list_holds_null() {
            assertThat(holds(null, IN, List.of("x"))).isFalse();
            assertThat(holds(null, NOT_IN, List.of("x"))).isTrue();
            assertThat(holds(null, IN, Arrays.asList("x", null))).isTrue();
        }

        @ParameterizedTest
        @EnumSource(value = ConditionOperator.class, names = {"GREATER_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN",
                "LESS_THAN_OR_EQUAL", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "REGEX_MATCH"})
        void null_satisfies_no_ordering_string_or_regex_operator(ConditionOperator op) {
            assertThat(holds(null, op, "x")).isFalse();
            assertThat(note(null, op, "x")).contains("field is null");
        }

        @Test
        void null_contains_nothing() {
            assertThat(holds(null, NOT_CONTAINS, "x")).isTrue();
        }
    }

    @Nested
    class Equals {

        @Test
        void strings_compare_exactly_and_case_sensitively() {
            assertThat(holds("Open", EQUALS, "Open")).isTrue();
            assertThat(holds("open", EQUALS, "Open")).isFalse();
            assertThat(holds("Open ", EQUALS, "Open")).isFalse();
        }

        @Test
        void numbers_compare_by_value_across_representations() {
            assertThat(holds(1, EQUALS, 1.0)).isTrue();
            assertThat(holds(1L, EQUALS, new BigDecimal("1.00"))).isTrue();
            assertThat(holds(new BigInteger("12345678901234567890"), EQUALS, new BigDecimal("12345678901234567890.0"))).isTrue();
            assertThat(holds(0.1, EQUALS, new BigDecimal("0.1"))).isTrue();
            assertThat(holds(1, EQUALS, 2)).isFalse();
        }

        @Test
        void a_numeric_string_equals_a_number_operand() {
            assertThat(holds("42", EQUALS, 42)).isTrue();
            assertThat(holds("42.0", EQUALS, 42)).isTrue();
            assertThat(holds("1e2", EQUALS, 100)).isTrue();
        }

        @Test
        void a_non_numeric_string_against_a_number_operand_is_a_type_mismatch() {
            assertThat(holds("forty-two", EQUALS, 42)).isFalse();
            assertThat(note("forty-two", EQUALS, 42)).contains("type mismatch: field value is not a number");
            assertThat(holds(" 42", EQUALS, 42)).isFalse();
        }

        @Test
        void only_json_number_syntax_within_bounds_reads_as_a_number() {
            assertThat(holds("+42", EQUALS, 42)).isFalse();
            assertThat(holds("0x2A", EQUALS, 42)).isFalse();
            assertThat(holds("42.", EQUALS, 42)).isFalse();
            assertThat(holds("1e99999999999", EQUALS, 1)).isFalse(); // exponent beyond BigDecimal's range
            assertThat(holds("1".repeat(401), EQUALS, 1)).isFalse();
            assertThat(holds("1".repeat(400), EQUALS, new BigDecimal("1".repeat(400)))).isTrue();
        }

        @Test
        void a_non_finite_double_is_not_a_number() {
            assertThat(holds(Double.NaN, EQUALS, 1)).isFalse();
            assertThat(note(Double.POSITIVE_INFINITY, GREATER_THAN, 1)).isEqualTo("type mismatch: field value is not a number");
        }

        @Test
        void the_type_comes_from_the_operand_so_a_number_does_not_equal_a_string_operand() {
            assertThat(holds(42, EQUALS, "42")).isFalse();
            assertThat(note(42, EQUALS, "42")).contains("type mismatch: field value is not a string");
        }

        @Test
        void booleans_compare_and_true_false_strings_coerce() {
            assertThat(holds(true, EQUALS, true)).isTrue();
            assertThat(holds(false, EQUALS, true)).isFalse();
            assertThat(holds("true", EQUALS, true)).isTrue();
            assertThat(holds("TRUE", EQUALS, true)).isFalse();
            assertThat(note("yes", EQUALS, true)).contains("type mismatch: field value is not a boolean");
        }

        @Test
        void data_type_number_coerces_both_sides() {
            assertThat(holds("1.0", EQUALS, "1", DataType.NUMBER)).isTrue();
            assertThat(holds("abc", EQUALS, "1", DataType.NUMBER)).isFalse();
            assertThat(note("abc", EQUALS, "1", DataType.NUMBER)).contains("type mismatch: field value is not a number");
            assertThat(note("1", EQUALS, "one", DataType.NUMBER)).contains("type mismatch: expected value is not a number");
        }

        @Test
        void data_type_boolean_coerces_both_sides() {
            assertThat(holds("false", EQUALS, false, DataType.BOOLEAN)).isTrue();
            assertThat(holds(true, EQUALS, "true", DataType.BOOLEAN)).isTrue();
            assertThat(note(1, EQUALS, true, DataType.BOOLEAN)).contains("type mismatch");
        }

        @Test
        void data_type_string_does_not_stringify_other_kinds() {
            assertThat(holds("5", EQUALS, "5", DataType.STRING)).isTrue();
            assertThat(note(5, EQUALS, "5", DataType.STRING)).contains("type mismatch: field value is not a string");
        }

        @Test
        void data_type_date_compares_instants_across_offsets_and_forms() {
            assertThat(holds("2026-01-31T10:00:00+01:00", EQUALS, "2026-01-31T09:00:00Z", DataType.DATE)).isTrue();
            assertThat(holds(1_769_850_000_000L, EQUALS, "2026-01-31T09:00:00Z", DataType.DATE)).isTrue();
            assertThat(holds("2026-01-31", EQUALS, "2026-01-31T00:00:00Z", DataType.DATE)).isTrue();
            assertThat(holds("2026-01-31T00:00:00", EQUALS, "2026-01-31", DataType.DATE)).isTrue();
            assertThat(holds("2026-01-31T09:00:00Z", EQUALS, "2026-01-31", DataType.DATE)).isFalse();
        }

        @Test
        void data_type_date_reads_zone_ids_and_large_epoch_millis() {
            assertThat(holds("2026-07-01T11:00:00+02:00[Europe/Berlin]", EQUALS, "2026-07-01T09:00:00Z", DataType.DATE)).isTrue();
            assertThat(holds(new BigDecimal("1769850000000"), EQUALS, "2026-01-31T09:00:00Z", DataType.DATE)).isTrue();
            assertThat(holds(1.76985e12, EQUALS, "2026-01-31T09:00:00Z", DataType.DATE)).isTrue();
        }

        @Test
        void data_type_date_rejects_what_is_not_a_date() {
            assertThat(holds("next tuesday", EQUALS, "2026-01-31", DataType.DATE)).isFalse();
            assertThat(note("next tuesday", EQUALS, "2026-01-31", DataType.DATE)).contains("type mismatch: field value is not a date");
            assertThat(note(1.5, EQUALS, "2026-01-31", DataType.DATE)).contains("type mismatch");
            assertThat(note(true, EQUALS, "2026-01-31", DataType.DATE)).contains("type mismatch");
        }

        @Test
        void arrays_compare_deeply_in_order_with_numeric_normalisation() {
            assertThat(holds(List.of(1, 2.0, "a"), EQUALS, List.of(1.0, 2, "a"))).isTrue();
            assertThat(holds(List.of(1, 2), EQUALS, List.of(2, 1))).isFalse();
            assertThat(holds(List.of(1, 2), EQUALS, List.of(1, 2, 3))).isFalse();
            assertThat(holds(List.of("1"), EQUALS, List.of(1))).isFalse();
        }

        @Test
        void objects_compare_deeply_regardless_of_key_order() {
            assertThat(holds(Map.of("a", 1, "b", List.of(1)), EQUALS, Map.of("b", List.of(1.0), "a", 1L))).isTrue();
            assertThat(holds(Map.of("a", 1), EQUALS, Map.of("a", 1, "b", 2))).isFalse();
            assertThat(holds(Map.of("a", 1), EQUALS, Map.of("b", 1))).isFalse();
        }

        @Test
        void an_array_or_object_operand_needs_the_same_kind() {
            assertThat(note("[1]", EQUALS, List.of(1))).contains("type mismatch: field value is not an array");
            assertThat(note(List.of(), EQUALS, Map.of())).contains("type mismatch: field value is not an object");
            assertThat(note("x", EQUALS, List.of("x"), DataType.ARRAY)).contains("type mismatch");
        }
    }

    @Nested
    class Not_equals {

        @Test
        void holds_when_values_differ() {
            assertThat(holds("open", NOT_EQUALS, "closed")).isTrue();
            assertThat(holds(1, NOT_EQUALS, 1.0)).isFalse();
        }

        @Test
        void a_type_mismatch_counts_as_different_and_is_noted() {
            ConditionTrace trace = trace(condition("f", NOT_EQUALS, "closed"), field(3));
            assertThat(trace.result()).isTrue();
            assertThat(trace.note()).contains("type mismatch: field value is not a string");
        }
    }

    @Nested
    class Ordering {

        @Test
        void numbers_order_by_value() {
            assertThat(holds(5, GREATER_THAN, 3)).isTrue();
            assertThat(holds(3, GREATER_THAN, 3.0)).isFalse();
            assertThat(holds(3, GREATER_THAN_OR_EQUAL, 3.0)).isTrue();
            assertThat(holds(2.5, LESS_THAN, 3)).isTrue();
            assertThat(holds(new BigDecimal("3.00"), LESS_THAN_OR_EQUAL, 3)).isTrue();
            assertThat(holds(4, LESS_THAN_OR_EQUAL, 3)).isFalse();
            assertThat(holds(-1, LESS_THAN, 0)).isTrue();
        }

        @Test
        void numeric_strings_order_as_numbers_against_a_number_operand() {
            assertThat(holds("10", GREATER_THAN, 9)).isTrue();
            assertThat(holds("9", GREATER_THAN, "10")).isTrue(); // both strings: lexicographic
            assertThat(holds("9", GREATER_THAN, "10", DataType.NUMBER)).isFalse();
        }

        @Test
        void strings_order_lexicographically_and_case_sensitively() {
            assertThat(holds("b", GREATER_THAN, "a")).isTrue();
            assertThat(holds("B", LESS_THAN, "a")).isTrue();
            assertThat(holds("abc", GREATER_THAN_OR_EQUAL, "abc")).isTrue();
            assertThat(holds("ab", LESS_THAN, "abc")).isTrue();
        }

        @Test
        void dates_order_chronologically_across_offsets() {
            // lexicographically "10:00+02:00" > "09:00Z", chronologically 08:00Z < 09:00Z
            assertThat(holds("2026-01-31T10:00:00+02:00", LESS_THAN, "2026-01-31T09:00:00Z", DataType.DATE)).isTrue();
            assertThat(holds("2026-02-01", GREATER_THAN, "2026-01-31T23:59:59Z", DataType.DATE)).isTrue();
            assertThat(holds(0L, LESS_THAN_OR_EQUAL, "1970-01-01", DataType.DATE)).isTrue();
            assertThat(holds("2026-02-01", GREATER_THAN_OR_EQUAL, "2026-02-01T00:00:01Z", DataType.DATE)).isFalse();
        }

        @Test
        void booleans_arrays_and_objects_have_no_order() {
            assertThat(holds(true, GREATER_THAN, false)).isFalse();
            assertThat(note(true, GREATER_THAN, false)).contains("greater_than is not defined for boolean");
            assertThat(note(List.of(2), LESS_THAN, List.of(1))).contains("less_than is not defined for array");
            assertThat(note(Map.of(), LESS_THAN, 1, DataType.OBJECT)).contains("less_than is not defined for object");
        }

        @Test
        void a_value_of_the_wrong_kind_is_a_type_mismatch() {
            assertThat(holds("high", GREATER_THAN, 3)).isFalse();
            assertThat(note("high", GREATER_THAN, 3)).contains("type mismatch: field value is not a number");
            assertThat(holds(5, LESS_THAN, "9")).isFalse();
            assertThat(note(5, LESS_THAN, "9")).contains("type mismatch: field value is not a string");
        }
    }

    @Nested
    class Contains {

        @Test
        void a_string_contains_a_substring_case_sensitively() {
            assertThat(holds("Printer on fire", CONTAINS, "on f")).isTrue();
            assertThat(holds("Printer on fire", CONTAINS, "Fire")).isFalse();
            assertThat(holds("Printer on fire", NOT_CONTAINS, "Fire")).isTrue();
        }

        @Test
        void an_array_contains_an_element() {
            assertThat(holds(List.of("hardware", "urgent"), CONTAINS, "urgent")).isTrue();
            assertThat(holds(List.of("hardware", "urgent"), CONTAINS, "urg")).isFalse();
            assertThat(holds(List.of("hardware", "urgent"), NOT_CONTAINS, "urg")).isTrue();
        }

        @Test
        void array_membership_normalises_numbers() {
            assertThat(holds(List.of(1, 2, 3), CONTAINS, 2.0)).isTrue();
            assertThat(holds(List.of(1, 2, 3), CONTAINS, 4)).isFalse();
        }

        @Test
        void array_membership_of_an_object() {
            assertThat(holds(List.of(Map.of("id", 1)), CONTAINS, Map.of("id", 1.0))).isTrue();
        }

        @Test
        void data_type_types_the_elements_of_an_array() {
            assertThat(holds(List.of("1", "2"), CONTAINS, 2, DataType.NUMBER)).isTrue();
            assertThat(holds(List.of("1", "2"), CONTAINS, 2)).isTrue(); // inferred from the operand
            assertThat(holds(List.of("a", "b"), CONTAINS, "b", DataType.ARRAY)).isTrue();
        }

        @Test
        void data_type_array_needs_an_array() {
            assertThat(note("abc", CONTAINS, "b", DataType.ARRAY)).contains("type mismatch: field value is not an array");
        }

        @Test
        void objects_and_scalars_do_not_contain() {
            assertThat(note(Map.of("a", 1), CONTAINS, "a")).contains("type mismatch");
            assertThat(note(Map.of("a", 1), CONTAINS, "a", DataType.OBJECT)).contains("contains is not defined for object");
            assertThat(note(12345, CONTAINS, 3)).contains("type mismatch");
            assertThat(note("12345", CONTAINS, 3, DataType.NUMBER)).contains("contains is not defined for number");
        }

        @Test
        void a_string_needs_a_string_operand() {
            assertThat(holds("12345", CONTAINS, 3)).isFalse();
            assertThat(note("12345", CONTAINS, 3)).contains("type mismatch: expected value is not a string");
            assertThat(holds("12345", NOT_CONTAINS, 3)).isTrue();
        }
    }

    @Nested
    class Starts_and_ends_with {

        @Test
        void compare_string_prefixes_and_suffixes_case_sensitively() {
            assertThat(holds("INC-1234", STARTS_WITH, "INC-")).isTrue();
            assertThat(holds("INC-1234", STARTS_WITH, "inc-")).isFalse();
            assertThat(holds("INC-1234", ENDS_WITH, "234")).isTrue();
            assertThat(holds("INC-1234", ENDS_WITH, "INC")).isFalse();
            assertThat(holds("", STARTS_WITH, "")).isTrue();
        }

        @Test
        void need_strings_on_both_sides() {
            assertThat(holds(1234, STARTS_WITH, "12")).isFalse();
            assertThat(note(1234, STARTS_WITH, "12")).contains("type mismatch: field value is not a string");
            assertThat(note("1234", ENDS_WITH, 4)).contains("type mismatch: expected value is not a string");
            assertThat(note(List.of("a"), ENDS_WITH, "a")).contains("type mismatch");
        }

        @Test
        void are_defined_for_strings_only() {
            assertThat(note("1234", STARTS_WITH, "12", DataType.NUMBER)).contains("starts_with is not defined for number");
            assertThat(holds("1234", STARTS_WITH, "12", DataType.STRING)).isTrue();
        }
    }

    @Nested
    class In {

        @Test
        void a_value_is_in_a_list_that_holds_it() {
            assertThat(holds("open", IN, List.of("open", "new"))).isTrue();
            assertThat(holds("closed", IN, List.of("open", "new"))).isFalse();
            assertThat(holds("closed", NOT_IN, List.of("open", "new"))).isTrue();
            assertThat(holds("open", IN, List.of())).isFalse();
        }

        @Test
        void numbers_are_compared_by_value_and_numeric_strings_coerce() {
            assertThat(holds(2, IN, List.of(1.0, 2.0))).isTrue();
            assertThat(holds("2", IN, List.of(1, 2))).isTrue();
            assertThat(holds(2, IN, List.of("1", "2"))).isFalse();
            assertThat(holds(2, IN, List.of("1", "2"), DataType.NUMBER)).isTrue();
        }

        @Test
        void an_array_is_in_a_list_it_overlaps() {
            assertThat(holds(List.of("a", "x"), IN, List.of("x", "y"))).isTrue();
            assertThat(holds(List.of("a", "b"), IN, List.of("x", "y"))).isFalse();
            assertThat(holds(List.of("a", "b"), NOT_IN, List.of("x", "y"))).isTrue();
            assertThat(holds(List.of(), IN, List.of("x"))).isFalse();
        }

        @Test
        void data_type_array_compares_whole_arrays() {
            assertThat(holds(List.of(1, 2), IN, List.of(List.of(1, 2), List.of(3)), DataType.ARRAY)).isTrue();
            assertThat(holds(List.of("a"), IN, List.of("a", "b"), DataType.ARRAY)).isFalse();
            assertThat(holds(List.of(1, 2), IN, List.of(List.of(1, 2)))).isTrue();
        }

        @Test
        void objects_are_in_a_list_of_equal_objects() {
            assertThat(holds(Map.of("id", 1), IN, List.of(Map.of("id", 1.0)))).isTrue();
        }

        @Test
        void dates_are_in_a_list_of_the_same_instants() {
            assertThat(holds("2026-01-31T10:00:00+01:00", IN, List.of("2026-01-31T09:00:00Z"), DataType.DATE)).isTrue();
        }

        @Test
        void the_operand_must_be_an_array() {
            assertThat(holds("a", IN, "abc")).isFalse();
            assertThat(note("a", IN, "abc")).contains("expected value must be an array");
            assertThat(holds("a", NOT_IN, "abc")).isTrue();
        }

        @Test
        void a_value_that_does_not_fit_the_data_type_is_a_type_mismatch() {
            assertThat(holds("high", IN, List.of(1, 2), DataType.NUMBER)).isFalse();
            assertThat(note("high", IN, List.of(1, 2), DataType.NUMBER)).contains("type mismatch: field value is not a number");
            assertThat(holds("high", NOT_IN, List.of(1, 2), DataType.NUMBER)).isTrue();
        }
    }

    @Nested
    class Exists {

        @Test
        void any_present_non_null_value_exists() {
            for (Object value : List.of(false, 0, "", List.of(), Map.of())) {
                assertThat(holds(value, EXISTS, null)).as("%s exists", value).isTrue();
                assertThat(holds(value, NOT_EXISTS, null)).as("%s not_exists", value).isFalse();
            }
        }

        @Test
        void a_missing_field_does_not_exist() {
            assertThat(trace(condition("ticket.owner", EXISTS, null), ticket()).result()).isFalse();
            assertThat(trace(condition("ticket.owner", NOT_EXISTS, null), ticket()).result()).isTrue();
        }
    }

    @Nested
    class Regex_match {

        @Test
        void finds_the_pattern_anywhere_in_the_value() {
            assertThat(holds("Ticket INC-1234 opened", REGEX_MATCH, "INC-\\d+")).isTrue();
            assertThat(holds("Ticket opened", REGEX_MATCH, "INC-\\d+")).isFalse();
        }

        @Test
        void anchors_and_flags_work_as_in_re2() {
            assertThat(holds("Ticket INC-1234", REGEX_MATCH, "^INC")).isFalse();
            assertThat(holds("inc-1", REGEX_MATCH, "(?i)^INC-\\d$")).isTrue();
        }

        @Test
        void needs_a_string_value() {
            assertThat(holds(1234, REGEX_MATCH, "\\d+")).isFalse();
            assertThat(note(1234, REGEX_MATCH, "\\d+")).contains("type mismatch: field value is not a string");
            assertThat(note("1234", REGEX_MATCH, "\\d+", DataType.NUMBER)).contains("regex_match is not defined for number");
        }

        @Test
        void an_invalid_pattern_does_not_match() {
            assertThat(holds("abc", REGEX_MATCH, "(unclosed")).isFalse();
            assertThat(note("abc", REGEX_MATCH, "(unclosed")).contains("invalid regular expression");
            assertThat(note("abc", REGEX_MATCH, "(a)\\1")).contains("invalid regular expression"); // backreferences are not RE2
        }

        @Test
        void a_pattern_longer_than_the_condition_limit_does_not_match() {
            assertThat(note("a", REGEX_MATCH, "a".repeat(Condition.MAX_REGEX_LENGTH + 1))).contains("invalid regular expression");
        }

        @Test
        void a_value_over_the_input_cap_does_not_match() {
            String longValue = "x".repeat(ConditionEvaluator.MAX_REGEX_INPUT_LENGTH + 1);
            assertThat(holds(longValue, REGEX_MATCH, "x")).isFalse();
            assertThat(note(longValue, REGEX_MATCH, "x")).contains("field value is longer than 1000000 characters");
        }

        @Test
        void a_value_at_the_input_cap_is_still_matched() {
            String value = "x".repeat(ConditionEvaluator.MAX_REGEX_INPUT_LENGTH - 1) + "y";
            assertThat(holds(value, REGEX_MATCH, "y$")).isTrue();
        }

        @Test
        void a_catastrophic_backtracking_pattern_finishes_in_linear_time() {
            String input = "a".repeat(100_000) + "b";
            boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> holds(input, REGEX_MATCH, "(a+)+$"));
            assertThat(matched).isFalse();
        }

        @Test
        void the_same_pattern_serves_several_conditions_of_one_call() {
            Condition first = condition("a", REGEX_MATCH, "^x+$");
            Condition second = condition("b", REGEX_MATCH, "^x+$");
            ConditionOutcome outcome = evaluator.evaluate(List.of(first, second), ConditionLogic.AND,
                    Map.of("a", "xxx", "b", "xyx"));
            assertThat(outcome.traces()).extracting(ConditionTrace::result).containsExactly(true, false);
        }
    }
}
