package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.RuleDrafts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.Rejections.violatedFields;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleDrafts.condition;
import static org.assertj.core.api.Assertions.assertThat;

class ConditionTriggerTest {

    private static RuleDraft check(Map<String, Object> config) {
        return aRule().withTrigger("condition_based", config).build();
    }

    @Test
    void an_interval_and_one_condition_are_enough_and_get_the_defaults() {
        RuleDefinition definition = RuleDefinition.from(check(RuleDrafts.conditionCheck()));

        assertThat(definition.triggerConfig()).isEqualTo(new ConditionTrigger(15,
                List.of(new Condition("ticket.priority", ConditionOperator.EQUALS, Optional.of("high"), Optional.empty())),
                ConditionLogic.AND, 3));
    }

    @Test
    void the_check_interval_is_required() {
        RuleDraft draft = check(Json.without(RuleDrafts.conditionCheck(), "check_interval_minutes"));

        assertThat(messageFor(draft, "trigger_config.check_interval_minutes")).isEqualTo("is required");
    }

    @Test
    void a_check_interval_of_zero_is_refused() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "check_interval_minutes", 0));

        assertThat(violatedFields(draft)).containsExactly("trigger_config.check_interval_minutes");
    }

    @Test
    void conditions_are_required() {
        RuleDraft draft = check(Json.object("check_interval_minutes", 5));

        assertThat(messageFor(draft, "trigger_config.conditions")).isEqualTo("is required");
    }

    @Test
    void at_least_one_condition_is_required() {
        RuleDraft draft = check(Json.object("check_interval_minutes", 5, "conditions", Json.array()));

        assertThat(messageFor(draft, "trigger_config.conditions")).isEqualTo("must have at least 1 item");
    }

    @Test
    void more_than_fifty_conditions_are_refused() {
        List<Object> many = new ArrayList<>(Collections.nCopies(51, RuleDrafts.existsCondition("a")));

        assertThat(messageFor(check(Json.object("check_interval_minutes", 5, "conditions", many)),
                "trigger_config.conditions")).isEqualTo("must have at most 50 items");
    }

    @Test
    void a_bad_condition_is_reported_under_the_trigger_config_path() {
        RuleDraft draft = check(Json.object("check_interval_minutes", 5, "conditions",
                Json.array(RuleDrafts.existsCondition("a"), condition("b", "in", "x"))));

        assertThat(violatedFields(draft)).containsExactly("trigger_config.conditions[1].value");
    }

    @Test
    void the_logic_operator_may_be_and_or_or_not() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "logic_operator", "not"));

        assertThat(((ConditionTrigger) RuleDefinition.from(draft).triggerConfig()).logicOperator())
                .isEqualTo(ConditionLogic.NOT);
    }

    @Test
    void an_unknown_logic_operator_is_refused() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "logic_operator", "xor"));

        assertThat(violatedFields(draft)).containsExactly("trigger_config.logic_operator");
    }

    @Test
    void max_check_attempts_must_be_between_one_and_a_hundred() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "max_check_attempts", 101));

        assertThat(messageFor(draft, "trigger_config.max_check_attempts")).isEqualTo("must be between 1 and 100");
    }
}
