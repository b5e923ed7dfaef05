package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.RuleDrafts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.Rejections.violatedFields;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/** Each action type's config, checked as the second action of a rule so paths read actions[1].config... */
class ActionConfigPolicyTest {

    private static RuleDraft secondAction(String type, Map<String, Object> config) {
        return aRule().withActions(RuleDrafts.webhookCallAction(1), RuleDrafts.action(type, config, 2)).build();
    }

    private static Map<String, Object> acceptedConfig(String type, Map<String, Object> config) {
        return RuleDefinition.from(secondAction(type, config)).actions().get(1).config();
    }

    @Nested
    class WebhookCall {

        private static final String TYPE = "webhook_call";

        @Test
        void a_url_alone_is_enough() {
            assertThat(acceptedConfig(TYPE, Json.object("url", "https://api.example.com/x")))
                    .isEqualTo(Map.of("url", "https://api.example.com/x"));
        }

        @Test
        void every_documented_setting_is_accepted() {
            Map<String, Object> config = Json.object("url", "https://api.example.com/x", "method", "PATCH",
                    "headers", Json.object("X-A", "1"), "body", Json.array(1, Json.object("n", null)),
                    "authentication", Json.object("type", "basic", "credentials", Json.object("username", "u")),
                    "timeout_seconds", 300, "retry_attempts", 5);

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void the_url_is_required() {
            assertThat(messageFor(secondAction(TYPE, Json.object("method", "POST")), "actions[1].config.url"))
                    .isEqualTo("is required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://example.com", "not a url", "/relative"})
        void a_url_that_is_not_absolute_http_is_refused(String url) {
            assertThat(messageFor(secondAction(TYPE, Json.object("url", url)), "actions[1].config.url"))
                    .isEqualTo("must be an absolute http or https URL");
        }

        @Test
        void a_templated_url_is_checked_only_when_rendered() {
            assertThat(acceptedConfig(TYPE, Json.object("url", "{{trigger.callback_url}}")))
                    .containsEntry("url", "{{trigger.callback_url}}");
        }

        @Test
        void an_unknown_method_is_refused() {
            assertThat(violatedFields(secondAction(TYPE, Json.object("url", "https://x.example.com", "method", "FETCH"))))
                    .containsExactly("actions[1].config.method");
        }

        @Test
        void the_timeout_and_retries_have_their_ranges() {
            RuleDraft draft = secondAction(TYPE, Json.object("url", "https://x.example.com", "timeout_seconds", 301,
                    "retry_attempts", 6));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.timeout_seconds",
                    "actions[1].config.retry_attempts");
        }

        @Test
        void a_bad_authentication_is_reported_inside_the_config() {
            RuleDraft draft = secondAction(TYPE, Json.object("url", "https://x.example.com",
                    "authentication", Json.object("type", "kerberos")));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.authentication.type");
        }

        @Test
        void an_unknown_key_is_refused() {
            assertThat(messageFor(secondAction(TYPE, Json.object("url", "https://x.example.com", "verb", "GET")),
                    "actions[1].config.verb")).isEqualTo("is not a known field");
        }
    }

    @Nested
    class EmailNotification {

        private static final String TYPE = "email_notification";

        @Test
        void recipients_a_subject_and_a_body_are_enough() {
            assertThat(acceptedConfig(TYPE, RuleDrafts.emailConfig())).isEqualTo(RuleDrafts.emailConfig());
        }

        @Test
        void to_subject_and_body_are_required() {
            assertThat(violatedFields(secondAction(TYPE, Json.object()))).containsExactly(
                    "actions[1].config.to", "actions[1].config.subject", "actions[1].config.body");
        }

        @Test
        void at_least_one_recipient_is_required() {
            RuleDraft draft = secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "to", Json.array()));

            assertThat(messageFor(draft, "actions[1].config.to")).isEqualTo("must have at least 1 item");
        }

        @Test
        void a_bad_recipient_is_reported_by_its_index() {
            RuleDraft draft = secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "to",
                    Json.array("a@example.com", "b-at-example.com")));

            assertThat(messageFor(draft, "actions[1].config.to[1]")).isEqualTo("must be an email address");
        }

        @Test
        void a_templated_recipient_is_checked_only_when_rendered() {
            Map<String, Object> config = Json.with(RuleDrafts.emailConfig(), "to", Json.array("{{ticket.contact}}"));

            assertThat(acceptedConfig(TYPE, config)).containsEntry("to", List.of("{{ticket.contact}}"));
        }

        @Test
        void cc_and_bcc_are_checked_like_to() {
            Map<String, Object> config = Json.with(Json.with(RuleDrafts.emailConfig(), "cc", Json.array("nope")),
                    "bcc", Json.array("x@example.com", "nope"));

            assertThat(violatedFields(secondAction(TYPE, config))).containsExactly("actions[1].config.cc[0]",
                    "actions[1].config.bcc[1]");
        }

        @Test
        void more_than_a_hundred_recipients_are_refused() {
            List<Object> many = IntStream.range(0, 101).<Object>mapToObj(i -> "r" + i + "@example.com").toList();

            assertThat(messageFor(secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "to", many)),
                    "actions[1].config.to")).isEqualTo("must have at most 100 items");
        }

        @Test
        void a_subject_longer_than_998_characters_is_refused() {
            RuleDraft draft = secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "subject", Json.text(999, 's')));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.subject");
        }

        @Test
        void is_html_must_be_a_boolean() {
            RuleDraft draft = secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "is_html", "yes"));

            assertThat(messageFor(draft, "actions[1].config.is_html")).isEqualTo("must be a boolean");
        }

        @Test
        void more_than_twenty_attachments_are_refused() {
            List<Object> attachments = IntStream.range(0, 21).<Object>mapToObj(i -> Json.object("filename", "f" + i))
                    .toList();

            assertThat(violatedFields(secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "attachments", attachments))))
                    .containsExactly("actions[1].config.attachments");
        }
    }

    @Nested
    class SmsNotification {

        private static final String TYPE = "sms_notification";

        private Map<String, Object> sms() {
            return Json.object("phone_numbers", Json.array("+14155550100"), "message", "Ticket escalated");
        }

        @Test
        void numbers_and_a_message_are_enough() {
            assertThat(acceptedConfig(TYPE, sms())).isEqualTo(sms());
        }

        @ParameterizedTest
        @ValueSource(strings = {"4155550100", "+0123", "+1 415 555 0100", "+1234567890123456"})
        void a_number_not_in_e164_form_is_refused(String number) {
            RuleDraft draft = secondAction(TYPE, Json.with(sms(), "phone_numbers", Json.array(number)));

            assertThat(messageFor(draft, "actions[1].config.phone_numbers[0]"))
                    .isEqualTo("must be an E.164 phone number such as +14155550100");
        }

        @Test
        void a_message_of_1600_characters_is_accepted_and_1601_is_refused() {
            Map<String, Object> longest = Json.with(sms(), "message", Json.text(1_600, 'm'));
            Map<String, Object> tooLong = Json.with(sms(), "message", Json.text(1_601, 'm'));

            assertThat(acceptedConfig(TYPE, longest)).containsEntry("message", Json.text(1_600, 'm'));
            assertThat(violatedFields(secondAction(TYPE, tooLong))).containsExactly("actions[1].config.message");
        }

        @Test
        void phone_numbers_are_required() {
            assertThat(messageFor(secondAction(TYPE, Json.without(sms(), "phone_numbers")),
                    "actions[1].config.phone_numbers")).isEqualTo("is required");
        }

        @Test
        void a_sender_id_longer_than_32_characters_is_refused() {
            assertThat(violatedFields(secondAction(TYPE, Json.with(sms(), "sender_id", Json.text(33, 's')))))
                    .containsExactly("actions[1].config.sender_id");
        }
    }

    @Nested
    class DatabaseUpdate {

        private static final String TYPE = "database_update";

        @Test
        void a_table_and_an_operation_are_enough() {
            Map<String, Object> config = Json.object("table", "tickets", "operation", "update",
                    "data", Json.object("status", "closed"), "conditions", Json.object("id", 7), "return_updated", true);

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void table_and_operation_are_required() {
            assertThat(violatedFields(secondAction(TYPE, Json.object())))
                    .containsExactly("actions[1].config.table", "actions[1].config.operation");
        }

        @Test
        void an_unknown_operation_is_refused() {
            assertThat(messageFor(secondAction(TYPE, Json.object("table", "t", "operation", "upsert")),
                    "actions[1].config.operation")).startsWith("must be one of ");
        }
    }

    @Nested
    class Tickets {

        @ParameterizedTest
        @ValueSource(strings = {"ticket_creation", "ticket_update"})
        void every_documented_setting_is_accepted(String type) {
            Map<String, Object> config = Json.object("operation", "assign", "ticket_data", Json.object("title", "t"),
                    "ticket_id", "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f",
                    "assigned_to", "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11", "status", "open", "priority", "critical",
                    "notes", "escalated");

            assertThat(acceptedConfig(type, config)).isEqualTo(config);
        }

        @Test
        void ticket_id_and_assigned_to_must_be_uuids() {
            RuleDraft draft = secondAction("ticket_update", Json.object("ticket_id", "42", "assigned_to", "bob"));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.ticket_id",
                    "actions[1].config.assigned_to");
        }

        @Test
        void a_templated_ticket_id_is_checked_only_when_rendered() {
            assertThat(acceptedConfig("ticket_update", Json.object("ticket_id", "{{ticket.id}}")))
                    .containsEntry("ticket_id", "{{ticket.id}}");
        }

        @Test
        void an_unknown_priority_or_operation_is_refused() {
            RuleDraft draft = secondAction("ticket_creation", Json.object("operation", "reopen", "priority", "urgent"));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.operation",
                    "actions[1].config.priority");
        }
    }

    @Nested
    class CustomScript {

        private static final String TYPE = "custom_script";

        @Test
        void a_javascript_type_and_content_are_enough() {
            Map<String, Object> config = Json.object("script_type", "javascript", "script_content", "return 1;",
                    "timeout_seconds", 3_600, "environment_variables", Json.object("A", "1"));

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void script_type_and_content_are_required() {
            assertThat(violatedFields(secondAction(TYPE, Json.object())))
                    .containsExactly("actions[1].config.script_type", "actions[1].config.script_content");
        }

        @Test
        void an_unknown_script_type_is_refused() {
            assertThat(violatedFields(secondAction(TYPE, Json.object("script_type", "ruby", "script_content", "p 1"))))
                    .containsExactly("actions[1].config.script_type");
        }

        @ParameterizedTest
        @ValueSource(strings = {"python", "bash", "powershell"})
        void script_types_that_cannot_be_sandboxed_are_refused(String type) {
            RuleDraft draft = secondAction(TYPE, Json.object("script_type", type, "script_content", "echo 1"));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.script_type");
            assertThat(messageFor(draft, "actions[1].config.script_type"))
                    .isEqualTo("only javascript is supported; " + type + " scripts cannot be sandboxed safely");
        }

        @Test
        void a_working_directory_is_refused() {
            RuleDraft draft = secondAction(TYPE, Json.object("script_type", "javascript", "script_content", "return 1;",
                    "working_directory", "/tmp"));

            assertThat(messageFor(draft, "actions[1].config.working_directory"))
                    .isEqualTo("is not supported: javascript scripts have no file system");
        }

        @Test
        void a_timeout_over_an_hour_is_refused() {
            RuleDraft draft = secondAction(TYPE, Json.object("script_type", "javascript", "script_content", "return 1;",
                    "timeout_seconds", 3_601));

            assertThat(messageFor(draft, "actions[1].config.timeout_seconds")).isEqualTo("must be between 1 and 3600");
        }

        @Test
        void environment_variables_must_be_strings() {
            RuleDraft draft = secondAction(TYPE, Json.object("script_type", "javascript", "script_content", "return 1;",
                    "environment_variables", Json.object("N", 1)));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.environment_variables.N");
        }
    }

    @Nested
    class WorkflowExecution {

        private static final String TYPE = "workflow_execution";

        @Test
        void a_rule_id_is_enough() {
            Map<String, Object> config = Json.object("rule_id", "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11",
                    "execution_data", Json.object("a", 1), "wait_for_completion", false);

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void the_rule_id_is_required_and_must_be_a_uuid() {
            assertThat(violatedFields(secondAction(TYPE, Json.object()))).containsExactly("actions[1].config.rule_id");
            assertThat(messageFor(secondAction(TYPE, Json.object("rule_id", "rule-7")), "actions[1].config.rule_id"))
                    .isEqualTo("must be a UUID");
        }
    }

    @Nested
    class SystemCommand {

        private static final String TYPE = "system_command";

        @Test
        void a_command_is_enough() {
            Map<String, Object> config = Json.object("command", "/usr/bin/env", "args", Json.array("true"),
                    "timeout_seconds", 10, "working_directory", "/");

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void the_command_is_required() {
            assertThat(messageFor(secondAction(TYPE, Json.object()), "actions[1].config.command")).isEqualTo("is required");
        }

        @Test
        void each_argument_must_be_a_string() {
            RuleDraft draft = secondAction(TYPE, Json.object("command", "ls", "args", Json.array("-l", 3)));

            assertThat(messageFor(draft, "actions[1].config.args[1]")).isEqualTo("must be a string");
        }
    }

    @Nested
    class PsaActions {

        @ParameterizedTest
        @ValueSource(strings = {"project_update", "time_entry_creation", "invoice_generation"})
        void the_config_is_left_to_the_action_runner(String type) {
            Map<String, Object> config = Json.object("anything", Json.object("goes", null));

            assertThat(acceptedConfig(type, config)).isEqualTo(config);
        }
    }

    @Test
    void a_value_is_templated_when_it_contains_double_braces() {
        assertThat(ActionConfigPolicy.isTemplated("Hello {{ticket.contact}}")).isTrue();
        assertThat(ActionConfigPolicy.isTemplated("Hello {ticket}")).isFalse();
    }
}
