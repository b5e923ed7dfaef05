package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.Rejections.violatedFields;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleDrafts.condition;
import static org.assertj.core.api.Assertions.assertThat;

class ConditionTest {

    private static RuleDraft with(Object condition) {
        return aRule().withConditions(condition).build();
    }

    private static Condition read(Object condition) {
        return RuleDefinition.from(with(condition)).conditions().getFirst();
    }

    @Test
    void a_comparison_keeps_its_field_operator_value_and_data_type() {
        Condition condition = read(Json.object("field", "ticket.priority_level", "operator", "greater_than",
                "value", 3, "data_type", "number"));

        assertThat(condition).isEqualTo(new Condition("ticket.priority_level", ConditionOperator.GREATER_THAN,
                Optional.of(3), Optional.of(DataType.NUMBER)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exists", "not_exists"})
    void a_presence_check_needs_no_value(String operator) {
        Condition condition = read(Json.object("field", "ticket.assignee", "operator", operator));

        assertThat(condition.value()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"equals", "not_equals", "greater_than", "less_than", "greater_than_or_equal",
            "less_than_or_equal", "contains", "not_contains", "starts_with", "ends_with"})
    void a_comparison_needs_a_value(String operator) {
        assertThat(messageFor(with(Json.object("field", "a", "operator", operator)), "conditions[0].value"))
                .isEqualTo("is required for operator " + operator);
    }

    @Test
    void a_json_null_value_counts_as_no_value() {
        assertThat(violatedFields(with(condition("a", "equals", null)))).containsExactly("conditions[0].value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"in", "not_in"})
    void a_membership_test_accepts_an_array(String operator) {
        Condition condition = read(condition("ticket.status", operator, Json.array("open", "pending")));

        assertThat(condition.value()).contains(List.of("open", "pending"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"in", "not_in"})
    void a_membership_test_refuses_a_single_value(String operator) {
        assertThat(messageFor(with(condition("ticket.status", operator, "open")), "conditions[0].value"))
                .isEqualTo("must be an array for operator " + operator);
    }

    @Test
    void a_membership_test_without_a_value_is_refused() {
        assertThat(violatedFields(with(Json.object("field", "a", "operator", "in")))).containsExactly("conditions[0].value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"^INV-\\d{4}$", "(?i)urgent|critical", "[[:alpha:]]+", "\\p{Greek}"})
    void a_regex_match_accepts_an_re2_expression(String regex) {
        assertThat(read(condition("ticket.title", "regex_match", regex)).value()).contains(regex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(unclosed", "[a-", "*start"})
    void a_regex_match_refuses_an_expression_that_does_not_compile(String regex) {
        assertThat(messageFor(with(condition("ticket.title", "regex_match", regex)), "conditions[0].value"))
                .startsWith("is not a valid regular expression (RE2 syntax): ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "foo(?=bar)", "(?<!x)y", "a++"})
    void a_regex_match_refuses_java_only_constructs_that_re2_cannot_run_in_linear_time(String regex) {
        assertThat(violatedFields(with(condition("ticket.title", "regex_match", regex))))
                .containsExactly("conditions[0].value");
    }

    @Test
    void a_regex_match_needs_a_string() {
        assertThat(messageFor(with(condition("ticket.title", "regex_match", 5)), "conditions[0].value"))
                .isEqualTo("must be a regular expression string for operator regex_match");
    }

    @Test
    void a_regex_of_1000_characters_is_accepted_and_1001_is_refused() {
        assertThat(read(condition("t", "regex_match", Json.text(1_000, 'a'))).value()).isPresent();
        assertThat(messageFor(with(condition("t", "regex_match", Json.text(1_001, 'a'))), "conditions[0].value"))
                .isEqualTo("must be at most 1000 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ticket..priority", ".ticket", "ticket.", "ticket priority", "ticket[0]"})
    void a_field_must_be_a_dotted_path(String field) {
        assertThat(messageFor(with(condition(field, "equals", 1)), "conditions[0].field"))
                .isEqualTo("must be a dotted path such as ticket.priority");
    }

    @Test
    void a_field_longer_than_255_characters_is_refused() {
        assertThat(violatedFields(with(condition(Json.text(256, 'f'), "equals", 1)))).containsExactly("conditions[0].field");
    }

    @Test
    void field_and_operator_are_required() {
        assertThat(violatedFields(with(Json.object("value", 1))))
                .containsExactly("conditions[0].field", "conditions[0].operator");
    }

    @Test
    void an_unknown_operator_is_refused() {
        assertThat(violatedFields(with(condition("a", "between", 1)))).containsExactly("conditions[0].operator");
    }

    @Test
    void an_unknown_data_type_is_refused() {
        assertThat(violatedFields(with(Json.with(condition("a", "equals", 1), "data_type", "integer"))))
                .containsExactly("conditions[0].data_type");
    }

    @Test
    void an_unknown_key_is_refused() {
        assertThat(violatedFields(with(Json.with(condition("a", "equals", 1), "negate", true))))
                .containsExactly("conditions[0].negate");
    }

    @Test
    void a_condition_that_is_not_an_object_is_refused() {
        assertThat(messageFor(with("a == 1"), "conditions[0]")).isEqualTo("must be an object");
    }

    @Test
    void its_stored_form_leaves_out_an_absent_value_and_data_type() {
        Condition condition = new Condition("ticket.assignee", ConditionOperator.NOT_EXISTS, Optional.empty(),
                Optional.empty());

        assertThat(condition.toMap()).isEqualTo(Map.of("field", "ticket.assignee", "operator", "not_exists"));
    }
}
