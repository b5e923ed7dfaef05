package io.ruleworks.domain.template;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.ruleworks.domain.fixtures.Rejections.rejectionOf;
import static io.ruleworks.domain.fixtures.TemplateDrafts.aTemplate;
import static io.ruleworks.domain.fixtures.TemplateDrafts.required;
import static io.ruleworks.domain.fixtures.TemplateDrafts.templateOf;
import static io.ruleworks.domain.fixtures.TemplateDrafts.variable;
import static io.ruleworks.domain.fixtures.TemplateDrafts.withDefault;
import static io.ruleworks.domain.fixtures.TemplateDrafts.withOptions;
import static io.ruleworks.domain.fixtures.TemplateDrafts.withValidation;
import static org.assertj.core.api.Assertions.assertThat;

class AutomationTemplateTest {

    private final MutableClock clock = MutableClock.standing();

    /** An event rule that mails the on-call address at high priority. */
    private final RuleDefinition source = RuleDefinition.from(RuleDrafts.aRule()
            .withName("Escalate")
            .withStatus("active")
            .withPriority("high")
            .withTrigger("event_based", Json.object("event_type", "ticket.created"))
            .withActions(RuleDrafts.emailAction(1))
            .build());

    private AutomationTemplate template(TemplateVariable.Draft... variables) {
        return templateOf(TenantIds.random(), source, aTemplate(variables), clock);
    }

    private static List<String> fields(ValidationException e) {
        return e.violations().stream().map(FieldViolation::field).toList();
    }

    @Test
    void a_template_keeps_the_rule_configuration_without_the_template_flags_and_starts_unused() {
        AutomationTemplate template = template();

        assertThat(template.config()).containsEntry("name", "Escalate").containsEntry("priority", "high")
                .doesNotContainKeys("is_template", "template_category");
        assertThat(((Map<?, ?>) template.config().get("trigger_config")).get("event_type")).isEqualTo("ticket.created");
        assertThat(template.version()).isEqualTo("1.0.0");
        assertThat(template.usageCount()).isZero();
        assertThat(template.lastUsed()).isEmpty();
        assertThat(template.isActive()).isTrue();
        assertThat(template.requiredPermissions()).containsExactly("automation:create");
    }

    @Test
    void every_variable_must_point_at_a_field_that_exists_in_the_rule() {
        ValidationException e = rejectionOf(() -> template(
                variable("event", "trigger_config.event_type", "string"),
                variable("recipient", "actions[0].config.to[0]", "string"),
                variable("missing", "actions[3].config.to", "string"),
                variable("typo", "trigger_config.evnt_type", "string"),
                variable("bad", "actions[0]..config", "string")));

        assertThat(fields(e)).containsExactly("template_variables[2].rule_field_path",
                "template_variables[3].rule_field_path", "template_variables[4].rule_field_path");
    }

    @Test
    void variable_names_are_unique_and_a_choice_needs_options() {
        ValidationException e = rejectionOf(() -> template(
                variable("event", "trigger_config.event_type", "string"),
                variable("event", "priority", "string"),
                variable("priority", "priority", "select"),
                withOptions(variable("flag", "retry_failed_executions", "boolean"), true)));

        assertThat(fields(e)).containsExactly("template_variables[1].variable_name", "template_variables[2].options",
                "template_variables[3].options");
    }

    @Test
    void a_default_value_must_itself_be_valid_and_a_pattern_must_be_re2() {
        ValidationException e = rejectionOf(() -> template(
                withDefault(withOptions(variable("priority", "priority", "select"), "low", "high"), "urgent"),
                withValidation(variable("event", "trigger_config.event_type", "string"), Map.of("pattern", "(a"))));

        assertThat(fields(e)).containsExactly("template_variables[0].default_value",
                "template_variables[1].validation.pattern");
    }

    @Test
    void using_a_template_substitutes_each_value_at_its_path() {
        AutomationTemplate template = template(
                variable("event", "trigger_config.event_type", "string"),
                variable("recipient", "actions[0].config.to[0]", "string"),
                withOptions(variable("priority", "priority", "select"), "low", "normal", "high", "critical"));

        RuleDraft draft = template.instantiate(Map.of("event", "ticket.updated", "recipient", "noc@example.com",
                "priority", "critical"));

        RuleDefinition rule = RuleDefinition.from(draft);
        assertThat(rule.triggerConfig().toMap()).containsEntry("event_type", "ticket.updated");
        assertThat(rule.actions().getFirst().config().get("to")).isEqualTo(List.of("noc@example.com"));
        assertThat(rule.priority().wire()).isEqualTo("critical");
        assertThat(template.config().get("priority")).isEqualTo("high");
    }

    @Test
    void a_value_for_an_undeclared_variable_is_refused_or_ignored_as_the_policy_says() {
        AutomationTemplate template = template(variable("event", "trigger_config.event_type", "string"));
        List<String> tolerated = new java.util.ArrayList<>();

        RuleDraft draft = template.instantiate(Map.of("event", "ticket.updated", "colour", "red"),
                field -> tolerated.add(field));

        assertThat(tolerated).containsExactly("variables.colour");
        assertThat(RuleDefinition.from(draft).triggerConfig().toMap()).containsEntry("event_type", "ticket.updated");
        assertThat(fields(rejectionOf(() -> template.instantiate(Map.of("event", "ticket.updated", "colour", "red")))))
                .containsExactly("variables.colour");
    }

    @Test
    void a_missing_value_takes_the_default_or_keeps_the_template_value() {
        AutomationTemplate template = template(
                withDefault(variable("concurrency", "max_concurrent_executions", "number"), 4),
                variable("event", "trigger_config.event_type", "string"));

        RuleDefinition rule = RuleDefinition.from(template.instantiate(Map.of()));

        assertThat(rule.maxConcurrentExecutions()).isEqualTo(4);
        assertThat(rule.triggerConfig().toMap()).containsEntry("event_type", "ticket.created");
    }

    @Test
    void each_bad_value_is_reported_under_variables_dot_its_name() {
        AutomationTemplate template = template(
                required(variable("event", "trigger_config.event_type", "string")),
                withOptions(variable("priority", "priority", "select"), "low", "high"),
                withValidation(variable("concurrency", "max_concurrent_executions", "number"), Map.of("min", 1, "max", 10)),
                withValidation(variable("name", "name", "string"), Map.of("pattern", "[A-Z][a-z]+")),
                variable("retry", "retry_failed_executions", "boolean"),
                variable("start", "condition_logic", "date"));

        ValidationException e = rejectionOf(() -> template.instantiate(Map.of("priority", "urgent",
                "concurrency", 11, "name", "lowercase", "retry", "yes", "start", "31/01/2026",
                "unknown", 1)));

        assertThat(fields(e)).containsExactlyInAnyOrder("variables.unknown", "variables.event", "variables.priority",
                "variables.concurrency", "variables.name", "variables.retry", "variables.start");
    }

    @Test
    void a_multiselect_takes_an_array_of_option_values_within_its_count_bounds() {
        AutomationTemplate template = template(withValidation(withOptions(
                variable("tags", "tags", "multiselect"), "billing", "ops"), Map.of("min", 1)));

        assertThat(RuleDefinition.from(template.instantiate(Map.of("tags", List.of("ops", "billing")))).tags())
                .containsExactly("ops", "billing");
        assertThat(fields(rejectionOf(() -> template.instantiate(Map.of("tags", List.of("ops", "sales"))))))
                .containsExactly("variables.tags[1]");
        assertThat(fields(rejectionOf(() -> template.instantiate(Map.of("tags", List.of())))))
                .containsExactly("variables.tags");
    }

    @Test
    void a_value_of_the_right_variable_type_but_wrong_rule_type_is_reported_at_the_rule_field() {
        AutomationTemplate template = template(variable("concurrency", "max_concurrent_executions", "number"));

        assertThat(fields(rejectionOf(() -> template.instantiate(Map.of("concurrency", 2.5)))))
                .containsExactly("max_concurrent_executions");
    }

    @Test
    void a_select_matches_numbers_by_value() {
        AutomationTemplate template = template(withOptions(
                variable("timeout", "execution_timeout_minutes", "select"), 15, 30));

        assertThat(RuleDefinition.from(template.instantiate(Map.of("timeout", new java.math.BigDecimal("30.0"))))
                .executionTimeoutMinutes()).isEqualTo(30);
    }
}
