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

    @Test
    void a_psa_tickets_source_keeps_its_query_and_keys_tickets_by_ticket_id() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "source", Json.object("type", "psa_tickets",
                "query", Json.object("is_open", true, "priority_id", "7d9e2c1a-5b4f-4e3d-8c2b-1a0f9e8d7c6b",
                        "status_ids", Json.array("2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"),
                        "entered_from", "2026-01-01T00:00:00Z", "order", "asc"))));

        ConditionTrigger trigger = (ConditionTrigger) RuleDefinition.from(draft).triggerConfig();

        assertThat(trigger.source()).containsInstanceOf(ConditionSource.PsaTickets.class);
        assertThat(trigger.source().orElseThrow().key()).isEqualTo("ticket_id");
        assertThat(trigger.toMap().get("source")).isEqualTo(Json.object("type", "psa_tickets", "query",
                Json.object("is_open", true, "priority_id", "7d9e2c1a-5b4f-4e3d-8c2b-1a0f9e8d7c6b",
                        "status_ids", Json.array("2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"),
                        "entered_from", "2026-01-01T00:00:00Z", "order", "asc"), "key", "ticket_id"));
    }

    @Test
    void psa_query_filters_are_checked_by_the_kind_of_value_the_psa_takes() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "source", Json.object("type", "psa_tickets",
                "query", Json.object("is_open", "yes", "priority_id", "high", "entered_from", "yesterday",
                        "order", "up", "drop_table", "x", "title", "ok"))));

        assertThat(violatedFields(draft)).containsExactlyInAnyOrder("trigger_config.source.query.is_open",
                "trigger_config.source.query.priority_id", "trigger_config.source.query.entered_from",
                "trigger_config.source.query.order", "trigger_config.source.query.drop_table");
        assertThat(messageFor(draft, "trigger_config.source.query.drop_table"))
                .isEqualTo("is not a filter of the PSA ticket list");
    }

    @Test
    void a_sql_view_source_names_a_view_and_keys_rows_by_id_unless_told() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "source",
                Json.object("type", "sql_view", "view", "overdue_tickets", "key", "ticket_no")));

        ConditionTrigger trigger = (ConditionTrigger) RuleDefinition.from(draft).triggerConfig();

        assertThat(trigger.source()).contains(new ConditionSource.SqlView("overdue_tickets", "ticket_no"));
        assertThat(((ConditionTrigger) RuleDefinition.from(check(Json.with(RuleDrafts.conditionCheck(), "source",
                Json.object("type", "sql_view", "view", "v")))).triggerConfig()).source().orElseThrow().key())
                .isEqualTo("id");
    }

    @Test
    void a_view_name_is_an_identifier_never_sql() {
        RuleDraft draft = check(Json.with(RuleDrafts.conditionCheck(), "source",
                Json.object("type", "sql_view", "view", "tickets; DROP TABLE x")));

        assertThat(messageFor(draft, "trigger_config.source.view"))
                .isEqualTo("must be a view name (letters, digits and underscores)");
    }

    @Test
    void an_unknown_source_type_or_field_is_refused() {
        assertThat(violatedFields(check(Json.with(RuleDrafts.conditionCheck(), "source", Json.object("type", "ftp")))))
                .containsExactly("trigger_config.source.type");
        assertThat(violatedFields(check(Json.with(RuleDrafts.conditionCheck(), "source",
                Json.object("type", "sql_view", "view", "v", "sql", "SELECT 1")))))
                .containsExactly("trigger_config.source.sql");
    }

    @Test
    void a_view_outside_the_servers_allowlist_is_refused_at_save() {
        RuleDefinition definition = RuleDefinition.from(check(Json.with(RuleDrafts.conditionCheck(), "source",
                Json.object("type", "sql_view", "view", "secrets"))));
        ActionCapabilities capabilities = new ActionCapabilities(java.util.Set.of(), Map.of(), java.util.Set.of(),
                java.util.Set.of(), java.util.Set.of("overdue_tickets"));

        assertThat(capabilities.triggerProblems(definition)).extracting(f -> f.field() + ": " + f.message())
                .containsExactly("trigger_config.source.view: is not allowed: not one of the allowlisted views "
                        + "overdue_tickets");
    }
}
