package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.RuleDrafts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleDrafts.webhookCallAction;
import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.Rejections.rejectionOf;
import static io.ruleworks.domain.fixtures.Rejections.violatedFields;
import static org.assertj.core.api.Assertions.assertThat;

class RuleDefinitionTest {

    // --- defaults ----------------------------------------------------------------------------------

    @Test
    void a_minimal_draft_gets_the_contracts_defaults() {
        RuleDefinition definition = RuleDefinition.from(RuleDrafts.manualWebhookRule());

        assertThat(definition.status()).isEqualTo(RuleStatus.DRAFT);
        assertThat(definition.priority()).isEqualTo(Priority.NORMAL);
        assertThat(definition.conditionLogic()).isEqualTo(ConditionLogic.AND);
        assertThat(definition.maxConcurrentExecutions()).isEqualTo(1);
        assertThat(definition.executionTimeoutMinutes()).isEqualTo(60);
        assertThat(definition.retryFailedExecutions()).isFalse();
        assertThat(definition.isTemplate()).isFalse();
        assertThat(definition.notificationSettings()).isEqualTo(
                new NotificationSettings(false, true, List.of(), List.of()));
    }

    @Test
    void a_minimal_draft_has_no_optional_content() {
        RuleDefinition definition = RuleDefinition.from(RuleDrafts.manualWebhookRule());

        assertThat(definition.description()).isEmpty();
        assertThat(definition.templateCategory()).isEmpty();
        assertThat(definition.conditions()).isEmpty();
        assertThat(definition.tags()).isEmpty();
        assertThat(definition.metadata()).isEmpty();
    }

    @Test
    void an_action_gets_its_defaults() {
        RuleDefinition definition = RuleDefinition.from(RuleDrafts.manualWebhookRule());

        assertThat(definition.actions()).containsExactly(new ActionSpec(ActionType.WEBHOOK_CALL,
                Map.of("url", RuleDrafts.WEBHOOK_URL), 1, false, Optional.empty(), 0));
    }

    @Test
    void given_values_replace_the_defaults() {
        RuleDefinition definition = RuleDefinition.from(aRule().withStatus("active").withPriority("critical")
                .withConditionLogic("or").withMaxConcurrentExecutions(5).withExecutionTimeoutMinutes(10)
                .withRetryFailedExecutions(true).withIsTemplate(true).withTemplateCategory("billing").build());

        assertThat(definition).extracting(RuleDefinition::status, RuleDefinition::priority,
                        RuleDefinition::conditionLogic, RuleDefinition::maxConcurrentExecutions,
                        RuleDefinition::executionTimeoutMinutes, RuleDefinition::retryFailedExecutions,
                        RuleDefinition::isTemplate, RuleDefinition::templateCategory)
                .containsExactly(RuleStatus.ACTIVE, Priority.CRITICAL, ConditionLogic.OR, 5, 10, true, true,
                        Optional.of("billing"));
    }

    @Test
    void its_draft_spells_out_every_default() {
        RuleDraft draft = RuleDefinition.from(RuleDrafts.manualWebhookRule()).toDraft();

        assertThat(draft.status()).contains("draft");
        assertThat(draft.priority()).contains("normal");
        assertThat(draft.conditionLogic()).contains("and");
        assertThat(draft.maxConcurrentExecutions()).contains(1L);
        assertThat(draft.executionTimeoutMinutes()).contains(60L);
        assertThat(draft.notificationSettings()).contains(Map.of("notify_on_success", false,
                "notify_on_failure", true, "notification_emails", List.of(), "notification_webhooks", List.of()));
    }

    // --- required fields ---------------------------------------------------------------------------

    @Test
    void an_empty_draft_reports_every_required_field_at_once() {
        assertThat(violatedFields(RuleDraft.empty()))
                .containsExactly("name", "trigger_type", "trigger_config", "actions");
    }

    @Test
    void a_rule_needs_a_name() {
        assertThat(violatedFields(aRule().withoutName().build())).containsExactly("name");
    }

    @Test
    void a_rule_needs_a_trigger_type() {
        assertThat(violatedFields(aRule().withoutTriggerType().build())).containsExactly("trigger_type");
    }

    @Test
    void a_rule_needs_a_trigger_config() {
        assertThat(messageFor(aRule().withoutTriggerConfig().build(), "trigger_config")).isEqualTo("is required");
    }

    @Test
    void a_rule_needs_actions() {
        assertThat(messageFor(aRule().withoutActions().build(), "actions")).isEqualTo("is required");
    }

    @Test
    void a_rule_needs_at_least_one_action() {
        assertThat(messageFor(aRule().withActions().build(), "actions")).isEqualTo("must have at least 1 item");
    }

    @Test
    void problems_in_different_parts_are_reported_together() {
        RuleDraft draft = aRule().withoutName().withPriority("urgent")
                .withActions(webhookCallAction(1), webhookCallAction(2, "ftp://example.com")).build();

        assertThat(violatedFields(draft)).containsExactly("name", "priority", "actions[1].config.url");
    }

    // --- name, description, enums ----------------------------------------------------------------

    @Test
    void the_name_is_stored_without_surrounding_whitespace() {
        RuleDefinition definition = RuleDefinition.from(aRule().withName("  Escalate  ").build());

        assertThat(definition.name()).isEqualTo("Escalate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void a_blank_name_is_refused(String name) {
        assertThat(messageFor(aRule().withName(name).build(), "name")).isEqualTo("must be 1 to 255 characters");
    }

    @Test
    void a_name_of_255_characters_is_accepted() {
        RuleDefinition definition = RuleDefinition.from(aRule().withName(Json.text(255, 'n')).build());

        assertThat(definition.name()).hasSize(255);
    }

    @Test
    void a_name_of_256_characters_is_refused() {
        assertThat(violatedFields(aRule().withName(Json.text(256, 'n')).build())).containsExactly("name");
    }

    @Test
    void a_description_of_5000_characters_is_accepted() {
        RuleDefinition definition = RuleDefinition.from(aRule().withDescription(Json.text(5_000, 'd')).build());

        assertThat(definition.description()).hasValueSatisfying(d -> assertThat(d).hasSize(5_000));
    }

    @Test
    void a_description_of_5001_characters_is_refused() {
        assertThat(messageFor(aRule().withDescription(Json.text(5_001, 'd')).build(), "description"))
                .isEqualTo("must be at most 5000 characters");
    }

    @Test
    void an_unknown_status_is_refused_with_the_allowed_values() {
        assertThat(messageFor(aRule().withStatus("paused").build(), "status"))
                .isEqualTo("must be one of active, inactive, draft, error");
    }

    @Test
    void an_unknown_priority_is_refused_with_the_allowed_values() {
        assertThat(messageFor(aRule().withPriority("urgent").build(), "priority"))
                .isEqualTo("must be one of low, normal, high, critical");
    }

    @Test
    void an_unknown_condition_logic_is_refused_with_the_allowed_values() {
        assertThat(messageFor(aRule().withConditionLogic("xor").build(), "condition_logic"))
                .isEqualTo("must be one of and, or, not");
    }

    @Test
    void enum_values_must_be_written_in_lower_case() {
        assertThat(violatedFields(aRule().withStatus("ACTIVE").build())).containsExactly("status");
    }

    @Test
    void an_unknown_trigger_type_is_reported_alone_without_judging_the_config() {
        RuleDraft draft = aRule().withTrigger("on_full_moon", Json.object("anything", 1)).build();

        assertThat(violatedFields(draft)).containsExactly("trigger_type");
    }

    // --- numeric limits ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 1_001})
    void max_concurrent_executions_outside_one_to_a_thousand_is_refused(long value) {
        assertThat(messageFor(aRule().withMaxConcurrentExecutions(value).build(), "max_concurrent_executions"))
                .isEqualTo("must be between 1 and 1000");
    }

    @Test
    void max_concurrent_executions_of_a_thousand_is_accepted() {
        assertThat(RuleDefinition.from(aRule().withMaxConcurrentExecutions(1_000).build()).maxConcurrentExecutions())
                .isEqualTo(1_000);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_441, Long.MAX_VALUE})
    void an_execution_timeout_outside_one_minute_to_one_day_is_refused(long value) {
        assertThat(messageFor(aRule().withExecutionTimeoutMinutes(value).build(), "execution_timeout_minutes"))
                .isEqualTo("must be between 1 and 1440");
    }

    @Test
    void an_execution_timeout_of_one_day_is_accepted() {
        assertThat(RuleDefinition.from(aRule().withExecutionTimeoutMinutes(1_440).build()).executionTimeoutMinutes())
                .isEqualTo(1_440);
    }

    // --- template category, tags, metadata ---------------------------------------------------------

    @Test
    void an_empty_template_category_is_refused() {
        assertThat(messageFor(aRule().withTemplateCategory("").build(), "template_category"))
                .isEqualTo("must be 1 to 255 characters");
    }

    @Test
    void a_template_category_of_256_characters_is_refused() {
        assertThat(violatedFields(aRule().withTemplateCategory(Json.text(256, 'c')).build()))
                .containsExactly("template_category");
    }

    @Test
    void fifty_tags_are_accepted() {
        List<String> tags = IntStream.range(0, 50).mapToObj(i -> "tag" + i).toList();

        assertThat(RuleDefinition.from(aRule().withTags(tags).build()).tags()).hasSize(50);
    }

    @Test
    void fifty_one_tags_are_refused() {
        List<String> tags = IntStream.range(0, 51).mapToObj(i -> "tag" + i).toList();

        assertThat(messageFor(aRule().withTags(tags).build(), "tags")).isEqualTo("must have at most 50 items");
    }

    @Test
    void each_bad_tag_is_reported_by_its_index() {
        List<String> tags = new ArrayList<>(List.of("ok", " ", Json.text(101, 't')));
        tags.add(null);

        assertThat(violatedFields(aRule().withTags(tags).build())).containsExactly("tags[1]", "tags[2]", "tags[3]");
    }

    @Test
    void a_tag_of_100_characters_is_accepted() {
        assertThat(RuleDefinition.from(aRule().withTags(Json.text(100, 't')).build()).tags())
                .containsExactly(Json.text(100, 't'));
    }

    @Test
    void repeated_tags_are_kept_once_in_first_seen_order() {
        RuleDefinition definition = RuleDefinition.from(aRule().withTags("vip", "night", "vip", "billing").build());

        assertThat(definition.tags()).containsExactly("vip", "night", "billing");
    }

    @Test
    void metadata_of_a_hundred_keys_is_accepted_and_one_more_is_refused() {
        Map<String, Object> hundred = Json.object();
        IntStream.range(0, 100).forEach(i -> hundred.put("k" + i, i));
        Map<String, Object> hundredAndOne = Json.with(hundred, "k100", 100);

        assertThat(RuleDefinition.from(aRule().withMetadata(hundred).build()).metadata()).hasSize(100);
        assertThat(messageFor(aRule().withMetadata(hundredAndOne).build(), "metadata"))
                .isEqualTo("must have at most 100 keys");
    }

    @Test
    void metadata_may_hold_json_nulls() {
        RuleDefinition definition = RuleDefinition.from(aRule().withMetadata(Json.object("owner", null)).build());

        assertThat(definition.metadata()).containsEntry("owner", null);
    }

    @Test
    void a_definition_does_not_follow_later_changes_to_the_metadata_it_was_made_from() {
        Map<String, Object> metadata = Json.object("owner", "ops");
        RuleDefinition definition = RuleDefinition.from(aRule().withMetadata(metadata).build());

        metadata.put("owner", "someone else");

        assertThat(definition.metadata()).containsEntry("owner", "ops");
    }

    // --- conditions --------------------------------------------------------------------------------

    @Test
    void fifty_conditions_are_accepted_and_fifty_one_are_refused() {
        List<Object> fifty = new ArrayList<>(Collections.nCopies(50, RuleDrafts.existsCondition("ticket.id")));
        List<Object> fiftyOne = new ArrayList<>(Collections.nCopies(51, RuleDrafts.existsCondition("ticket.id")));

        assertThat(RuleDefinition.from(aRule().withConditions(fifty).build()).conditions()).hasSize(50);
        assertThat(messageFor(aRule().withConditions(fiftyOne).build(), "conditions"))
                .isEqualTo("must have at most 50 items");
    }

    @Test
    void a_bad_condition_is_reported_under_its_index() {
        RuleDraft draft = aRule().withConditions(RuleDrafts.existsCondition("ticket.id"),
                Json.object("field", "ticket.status", "operator", "is")).build();

        assertThat(violatedFields(draft)).containsExactly("conditions[1].operator");
    }

    // --- actions -----------------------------------------------------------------------------------

    @Test
    void actions_are_held_in_their_order_whatever_order_they_were_sent_in() {
        RuleDefinition definition = RuleDefinition.from(aRule()
                .withActions(webhookCallAction(30), RuleDrafts.emailAction(10), webhookCallAction(20)).build());

        assertThat(definition.actions()).extracting(ActionSpec::order).containsExactly(10, 20, 30);
    }

    @Test
    void two_actions_with_the_same_order_are_refused_at_the_second() {
        RuleDraft draft = aRule().withActions(webhookCallAction(1), webhookCallAction(1)).build();

        assertThat(rejectionOf(draft).violations()).containsExactly(new io.ruleworks.domain.shared.FieldViolation(
                "actions[1].order", "must be unique; order 1 is used twice"));
    }

    @Test
    void fifty_actions_are_accepted_and_fifty_one_are_refused() {
        List<Object> fifty = IntStream.rangeClosed(1, 50).<Object>mapToObj(RuleDrafts::webhookCallAction).toList();
        List<Object> fiftyOne = IntStream.rangeClosed(1, 51).<Object>mapToObj(RuleDrafts::webhookCallAction).toList();

        assertThat(RuleDefinition.from(aRule().withActions(fifty).build()).actions()).hasSize(50);
        assertThat(messageFor(aRule().withActions(fiftyOne).build(), "actions")).isEqualTo("must have at most 50 items");
    }

    @Test
    void an_action_that_is_not_an_object_is_refused() {
        assertThat(messageFor(aRule().withActions("webhook_call").build(), "actions[0]")).isEqualTo("must be an object");
    }

    @Test
    void an_action_needs_a_type_a_config_and_an_order() {
        assertThat(violatedFields(aRule().withActions(Json.object()).build()))
                .containsExactly("actions[0].type", "actions[0].config", "actions[0].order");
    }

    @Test
    void an_action_of_an_unknown_type_is_refused_without_judging_its_config() {
        RuleDraft draft = aRule().withActions(RuleDrafts.action("fax", Json.object("number", 1), 1)).build();

        assertThat(violatedFields(draft)).containsExactly("actions[0].type");
    }

    @Test
    void an_action_config_must_be_an_object() {
        RuleDraft draft = aRule().withActions(Json.object("type", "webhook_call", "config", "https://x", "order", 1))
                .build();

        assertThat(messageFor(draft, "actions[0].config")).isEqualTo("must be an object");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1_001})
    void an_action_order_outside_one_to_a_thousand_is_refused(int order) {
        assertThat(violatedFields(aRule().withActions(webhookCallAction(order)).build()))
                .containsExactly("actions[0].order");
    }

    @Test
    void an_action_with_an_unknown_key_is_refused() {
        Map<String, Object> action = Json.with(webhookCallAction(1), "colour", "red");

        assertThat(messageFor(aRule().withActions(action).build(), "actions[0].colour")).isEqualTo("is not a known field");
    }

    @Test
    void action_retry_attempts_go_from_zero_to_five() {
        Map<String, Object> five = Json.with(webhookCallAction(1), "retry_attempts", 5);
        Map<String, Object> six = Json.with(webhookCallAction(2), "retry_attempts", 6);

        assertThat(violatedFields(aRule().withActions(five, six).build())).containsExactly("actions[1].retry_attempts");
    }

    @Test
    void an_action_timeout_must_be_at_least_one_second() {
        Map<String, Object> action = Json.with(webhookCallAction(1), "timeout_seconds", 0);

        assertThat(violatedFields(aRule().withActions(action).build())).containsExactly("actions[0].timeout_seconds");
    }

    @Test
    void an_action_keeps_its_error_handling_settings() {
        Map<String, Object> action = Json.with(Json.with(Json.with(webhookCallAction(1),
                "continue_on_error", true), "timeout_seconds", 90), "retry_attempts", 2);

        ActionSpec spec = RuleDefinition.from(aRule().withActions(action).build()).actions().getFirst();

        assertThat(spec).extracting(ActionSpec::continueOnError, ActionSpec::timeoutSeconds, ActionSpec::retryAttempts)
                .containsExactly(true, Optional.of(90), 2);
    }

    @Test
    void retries_and_timeout_written_in_a_webhooks_config_take_effect() {
        Map<String, Object> action = Json.with(webhookCallAction(1), "config",
                Map.of("url", "https://hooks.example.com/x", "retry_attempts", 3, "timeout_seconds", 45));

        ActionSpec spec = RuleDefinition.from(aRule().withActions(action).build()).actions().getFirst();

        assertThat(spec).extracting(ActionSpec::effectiveRetryAttempts, ActionSpec::effectiveTimeoutSeconds)
                .containsExactly(3, Optional.of(45));
    }

    @Test
    void the_actions_own_timeout_wins_over_its_configs_and_the_larger_retry_count_wins() {
        Map<String, Object> action = Json.with(Json.with(Json.with(webhookCallAction(1), "config",
                Map.of("url", "https://hooks.example.com/x", "retry_attempts", 1, "timeout_seconds", 45)),
                "timeout_seconds", 90), "retry_attempts", 4);

        ActionSpec spec = RuleDefinition.from(aRule().withActions(action).build()).actions().getFirst();

        assertThat(spec).extracting(ActionSpec::effectiveRetryAttempts, ActionSpec::effectiveTimeoutSeconds)
                .containsExactly(4, Optional.of(90));
    }

    // --- notification settings ---------------------------------------------------------------------

    @Test
    void notification_settings_are_read_with_their_defaults() {
        RuleDefinition definition = RuleDefinition.from(aRule().withNotificationSettings(
                Json.object("notification_emails", Json.array("ops@example.com"))).build());

        assertThat(definition.notificationSettings()).isEqualTo(
                new NotificationSettings(false, true, List.of("ops@example.com"), List.of()));
    }

    @Test
    void a_bad_notification_email_is_reported_by_its_index() {
        RuleDraft draft = aRule().withNotificationSettings(Json.object("notification_emails",
                Json.array("ops@example.com", "ops"))).build();

        assertThat(messageFor(draft, "notification_settings.notification_emails[1]")).isEqualTo("must be an email address");
    }

    @Test
    void a_notification_webhook_must_be_an_http_url() {
        RuleDraft draft = aRule().withNotificationSettings(Json.object("notification_webhooks",
                Json.array("ftp://example.com"))).build();

        assertThat(violatedFields(draft)).containsExactly("notification_settings.notification_webhooks[0]");
    }

    @Test
    void more_than_twenty_notification_emails_are_refused() {
        List<Object> emails = IntStream.range(0, 21).<Object>mapToObj(i -> "ops" + i + "@example.com").toList();
        RuleDraft draft = aRule().withNotificationSettings(Json.object("notification_emails", emails)).build();

        assertThat(messageFor(draft, "notification_settings.notification_emails")).isEqualTo("must have at most 20 items");
    }

    @Test
    void notification_settings_refuse_unknown_keys_and_wrong_types() {
        RuleDraft draft = aRule().withNotificationSettings(Json.object("notify_on_success", "yes", "slack", "#ops"))
                .build();

        assertThat(violatedFields(draft)).containsExactly("notification_settings.notify_on_success",
                "notification_settings.slack");
    }

    // --- derived definitions -----------------------------------------------------------------------

    @Test
    void with_status_changes_the_status_and_nothing_else() {
        RuleDefinition draft = RuleDefinition.from(aRule().withTags("vip").withPriority("high").build());

        RuleDefinition active = draft.withStatus(RuleStatus.ACTIVE);

        assertThat(active).isEqualTo(RuleDefinition.from(aRule().withTags("vip").withPriority("high")
                .withStatus("active").build()));
    }
}
