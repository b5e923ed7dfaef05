package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.SchemaChecks;
import io.ruleworks.domain.shared.WireEnum;
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

    /**
     * The config as the policy accepted it; every accepted config is also checked against the JSON
     * Schema generated from the policy (GET /meta), which must never refuse what the policy accepts.
     */
    private static Map<String, Object> acceptedConfig(String type, Map<String, Object> config) {
        Map<String, Object> accepted = RuleDefinition.from(secondAction(type, config)).actions().get(1).config();
        assertThat(SchemaChecks.actionSchemaProblems(WireEnum.require(ActionType.class, type), config))
                .as("the generated schema of %s accepts %s", type, config).isEmpty();
        return accepted;
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

        @ParameterizedTest
        @ValueSource(strings = {"report\r\nX-Evil: 1.pdf", "report\n.pdf", "report\r.pdf", "a\u0000b.pdf",
                "tab\tname.pdf", "del\u007f.pdf"})
        void a_control_character_in_an_attachment_filename_is_refused(String filename) {
            RuleDraft draft = secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "attachments",
                    Json.array(Json.object("filename", filename, "url", "https://files.example.com/r.pdf"))));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.attachments[0].filename");
            assertThat(messageFor(draft, "actions[1].config.attachments[0].filename"))
                    .startsWith("must not contain line breaks or other control characters");
        }

        @Test
        void a_line_break_in_a_content_type_is_refused() {
            RuleDraft draft = secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "attachments",
                    Json.array(Json.object("filename", "r.pdf", "content_type", "application/pdf\r\n; X-Evil: 1",
                            "url", "https://files.example.com/r.pdf"))));

            assertThat(violatedFields(draft)).contains("actions[1].config.attachments[0].content_type");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Hello\r\nBcc: victim@example.com", "Hello\nworld", "bell\u0007"})
        void a_control_character_in_the_subject_is_refused(String subject) {
            RuleDraft draft = secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "subject", subject));

            assertThat(messageFor(draft, "actions[1].config.subject"))
                    .startsWith("must not contain line breaks or other control characters");
        }

        @Test
        void unicode_quotes_and_tabs_in_header_values_are_accepted() {
            Map<String, Object> config = Json.with(Json.with(RuleDrafts.emailConfig(), "subject", "Grüße\t\"P1\"; ✓"),
                    "attachments", Json.array(Json.object("filename", "Bericht \"März\"; ü €.pdf",
                            "url", "https://files.example.com/r.pdf")));

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
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

        private RuleDraft withAttachments(Object... attachments) {
            return secondAction(TYPE, Json.with(RuleDrafts.emailConfig(), "attachments", Json.array(attachments)));
        }

        @Test
        void attachments_by_url_and_by_path_are_accepted() {
            Map<String, Object> byUrl = Json.object("filename", "report.pdf", "content_type", "application/pdf",
                    "url", "https://files.example.com/report.pdf");
            Map<String, Object> byPath = Json.object("filename", "terms.txt", "path", "legal/terms.txt");
            Map<String, Object> config = Json.with(RuleDrafts.emailConfig(), "attachments", Json.array(byUrl, byPath));

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void an_attachment_needs_a_filename() {
            assertThat(messageFor(withAttachments(Json.object("url", "https://files.example.com/a")),
                    "actions[1].config.attachments[0].filename")).isEqualTo("is required");
        }

        @Test
        void an_attachment_has_exactly_one_source() {
            RuleDraft draft = withAttachments(Json.object("filename", "a.txt", "url", "https://x.example.com/a"),
                    Json.object("filename", "b.txt", "url", "https://x.example.com/b", "path", "b.txt"),
                    Json.object("filename", "c.txt"));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.attachments[1]",
                    "actions[1].config.attachments[2]");
            assertThat(messageFor(draft, "actions[1].config.attachments[2]"))
                    .isEqualTo("must have exactly one of path or url");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://files.example.com/a", "file:///etc/passwd", "files.example.com/a"})
        void an_attachment_url_must_be_http(String url) {
            RuleDraft draft = withAttachments(Json.object("filename", "a.txt"),
                    Json.object("filename", "b.txt", "url", url));

            assertThat(messageFor(draft, "actions[1].config.attachments[1].url"))
                    .isEqualTo("must be an absolute http or https URL");
        }

        @ParameterizedTest
        @ValueSource(strings = {"../secret.txt", "reports/../../etc/passwd", "/etc/passwd", "..\\windows\\win.ini",
                "C:\\boot.ini"})
        void an_attachment_path_may_not_leave_the_attachment_directory(String path) {
            RuleDraft draft = withAttachments(Json.object("filename", "a.txt", "path", path));

            assertThat(messageFor(draft, "actions[1].config.attachments[0].path"))
                    .isEqualTo("must be a relative path inside the attachment directory, without ..");
        }

        @Test
        void a_templated_attachment_url_is_checked_only_when_rendered() {
            Map<String, Object> attachment = Json.object("filename", "a.txt", "url", "{{trigger.file_url}}");
            Map<String, Object> rendered = Json.object("filename", "a.txt", "url", "gopher://x");

            assertThat(acceptedConfig(TYPE, Json.with(RuleDrafts.emailConfig(), "attachments", Json.array(attachment))))
                    .containsKey("attachments");
            assertThat(ActionConfigPolicy.problems(ActionType.EMAIL_NOTIFICATION,
                    Json.with(RuleDrafts.emailConfig(), "attachments", Json.array(rendered)), "actions[0].config"))
                    .extracting(io.ruleworks.domain.shared.FieldViolation::field)
                    .containsExactly("actions[0].config.attachments[0].url");
        }

        @Test
        void an_attachment_content_type_must_be_a_media_type_and_unknown_keys_are_refused() {
            RuleDraft draft = withAttachments(Json.object("filename", "a.txt", "url", "https://x.example.com/a",
                    "content_type", "pdf", "inline", true));

            assertThat(violatedFields(draft)).containsExactlyInAnyOrder("actions[1].config.attachments[0].content_type",
                    "actions[1].config.attachments[0].inline");
        }

        @Test
        void an_attachment_must_be_an_object_and_its_filename_has_no_directory() {
            RuleDraft draft = withAttachments("report.pdf", Json.object("filename", "x/report.pdf", "path", "r.pdf"));

            assertThat(messageFor(draft, "actions[1].config.attachments[0]")).isEqualTo("must be an object");
            assertThat(messageFor(draft, "actions[1].config.attachments[1].filename"))
                    .isEqualTo("must be a file name without a directory");
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
        void the_message_length_is_counted_in_utf16_units_so_an_emoji_counts_twice() {
            String emoji = "\uD83D\uDEA8";
            Map<String, Object> longest = Json.with(sms(), "message", emoji.repeat(800));
            Map<String, Object> tooLong = Json.with(sms(), "message", emoji.repeat(800) + "!");

            assertThat(acceptedConfig(TYPE, longest)).containsEntry("message", emoji.repeat(800));
            assertThat(violatedFields(secondAction(TYPE, tooLong))).containsExactly("actions[1].config.message");
        }

        @Test
        void templated_numbers_and_message_are_checked_again_once_rendered() {
            Map<String, Object> templated = Json.object("phone_numbers", Json.array("{{trigger.contact.phone}}"),
                    "message", "{{trigger.ticket.title}}");
            Map<String, Object> rendered = Json.object("phone_numbers", Json.array("555-0100"),
                    "message", Json.text(1_601, 'm'));

            assertThat(acceptedConfig(TYPE, templated)).isEqualTo(templated);
            assertThat(ActionConfigPolicy.problems(ActionType.SMS_NOTIFICATION, rendered, "actions[0].config"))
                    .extracting(io.ruleworks.domain.shared.FieldViolation::field)
                    .containsExactly("actions[0].config.phone_numbers[0]", "actions[0].config.message");
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

        @ParameterizedTest
        @ValueSource(strings = {"update", "delete"})
        void an_update_or_delete_without_conditions_is_refused_so_no_rule_writes_a_whole_table(String operation) {
            Map<String, Object> data = operation.equals("update") ? Json.object("status", "x") : null;
            Map<String, Object> config = Json.object("table", "t", "operation", operation);
            if (data != null) {
                config.put("data", data);
            }

            assertThat(messageFor(secondAction(TYPE, config), "actions[1].config.conditions"))
                    .startsWith("is required for " + operation);
            assertThat(messageFor(secondAction(TYPE, Json.with(config, "conditions", Json.object())),
                    "actions[1].config.conditions")).startsWith("is required for " + operation);
        }

        @Test
        void an_insert_needs_data_and_takes_no_conditions() {
            assertThat(violatedFields(secondAction(TYPE, Json.object("table", "t", "operation", "insert",
                    "conditions", Json.object("id", 1))))).containsExactly("actions[1].config.data",
                    "actions[1].config.conditions");
        }

        @Test
        void a_delete_takes_no_data() {
            assertThat(messageFor(secondAction(TYPE, Json.object("table", "t", "operation", "delete",
                    "data", Json.object("a", 1), "conditions", Json.object("id", 1))), "actions[1].config.data"))
                    .isEqualTo("is not allowed for a delete");
        }

        @Test
        void a_condition_compares_with_a_scalar_only() {
            assertThat(messageFor(secondAction(TYPE, Json.object("table", "t", "operation", "delete",
                    "conditions", Json.object("id", Json.array(1, 2)))), "actions[1].config.conditions.id"))
                    .startsWith("must be a string, number, boolean or null");
        }

        @Test
        void a_table_name_longer_than_postgresql_allows_is_refused() {
            assertThat(messageFor(secondAction(TYPE, Json.object("table", Json.text(64, 't'), "operation", "insert",
                    "data", Json.object("a", 1))), "actions[1].config.table")).isEqualTo("must be at most 63 characters");
        }
    }

    @Nested
    class Tickets {

        private static final String TICKET = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";
        private static final String USER = "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11";
        private static final String STATUS = "3c2d7a10-1b1e-4f7c-8a55-9d0e6f1b2c3d";

        @Test
        void a_creation_needs_a_title_and_accepts_the_psa_create_ticket_fields() {
            Map<String, Object> config = Json.object("ticket_data", Json.object("title", "Mail down",
                    "client_id", USER, "board_id", USER, "status_id", USER),
                    "priority", "critical", "notes", "reported by the monitor");

            assertThat(acceptedConfig("ticket_creation", config)).isEqualTo(config);
            assertThat(messageFor(secondAction("ticket_creation", Json.object("ticket_data", Json.object())),
                    "actions[1].config.ticket_data.title")).isEqualTo("is required to create a ticket");
        }

        @Test
        void a_templated_ticket_data_object_is_checked_only_when_rendered() {
            assertThat(acceptedConfig("ticket_creation", Json.object("ticket_data", "{{trigger.ticket}}")))
                    .containsEntry("ticket_data", "{{trigger.ticket}}");
        }

        @Test
        void ticket_data_is_checked_against_the_psa_create_ticket_body() {
            RuleDraft draft = secondAction("ticket_creation", Json.object("ticket_data", Json.object("title", "",
                    "client_id", "acme", "status_id", null, "tittle", "typo")));

            assertThat(violatedFields(draft)).containsExactlyInAnyOrder("actions[1].config.ticket_data.title",
                    "actions[1].config.ticket_data.client_id", "actions[1].config.ticket_data.status_id",
                    "actions[1].config.ticket_data.tittle");
        }

        @Test
        void a_creation_has_no_ticket_id_and_no_assignee() {
            RuleDraft draft = secondAction("ticket_creation", Json.object("ticket_data", Json.object("title", "t"),
                    "ticket_id", TICKET, "assigned_to", USER));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.ticket_id",
                    "actions[1].config.assigned_to");
        }

        @Test
        void an_update_accepts_the_psa_ticket_update_fields() {
            Map<String, Object> config = Json.object("ticket_id", TICKET, "ticket_data", Json.object(
                    "title", "t", "url", "https://psa.example.com/t/1", "contact_name_id", null, "assigned_to", null,
                    "category_id", USER, "attributes", Json.object("sla", "gold"), "tags", Json.array("vip"),
                    "override_close_rules", true, "override_close_rules_reason", null,
                    "suppressContactNotifications", true, "suppressInternalNotifications", true),
                    "status", STATUS, "priority", "low");

            assertThat(acceptedConfig("ticket_update", config)).isEqualTo(config);
        }

        @Test
        void an_update_needs_the_ticket_id_and_one_change() {
            assertThat(violatedFields(secondAction("ticket_update", Json.object())))
                    .containsExactly("actions[1].config.ticket_id", "actions[1].config.ticket_data");
        }

        @Test
        void ticket_data_of_an_update_is_checked_against_the_psa_ticket_update_body() {
            RuleDraft draft = secondAction("ticket_update", Json.object("ticket_id", TICKET, "ticket_data",
                    Json.object("title", Json.text(256, 't'), "url", "ftp://x", "tags", Json.array(1),
                            "suppressInternalNotifications", true, "summary", "not updatable")));

            assertThat(violatedFields(draft)).containsExactlyInAnyOrder("actions[1].config.ticket_data.title",
                    "actions[1].config.ticket_data.url", "actions[1].config.ticket_data.tags[0]",
                    "actions[1].config.ticket_data.suppressInternalNotifications",
                    "actions[1].config.ticket_data.summary");
        }

        @Test
        void closing_needs_the_closed_status_and_assigning_needs_the_assignee() {
            assertThat(messageFor(secondAction("ticket_update", Json.object("operation", "close", "ticket_id", TICKET)),
                    "actions[1].config.status")).startsWith("is required for operation close");
            assertThat(messageFor(secondAction("ticket_update", Json.object("operation", "assign", "ticket_id", TICKET)),
                    "actions[1].config.assigned_to")).isEqualTo("is required for operation assign");
            assertThat(acceptedConfig("ticket_creation", Json.object("operation", "assign", "ticket_id", TICKET,
                    "assigned_to", USER))).containsEntry("assigned_to", USER);
        }

        @Test
        void notes_are_only_for_creation() {
            assertThat(violatedFields(secondAction("ticket_update", Json.object("ticket_id", TICKET,
                    "status", STATUS, "notes", "n")))).containsExactly("actions[1].config.notes");
        }

        @Test
        void a_field_set_both_directly_and_in_ticket_data_is_refused() {
            RuleDraft draft = secondAction("ticket_update", Json.object("ticket_id", TICKET, "status", STATUS,
                    "ticket_data", Json.object("status_id", STATUS)));

            assertThat(messageFor(draft, "actions[1].config.status"))
                    .isEqualTo("conflicts with ticket_data.status_id: set only one");
        }

        @Test
        void ticket_id_assigned_to_and_status_must_be_uuids() {
            RuleDraft draft = secondAction("ticket_update", Json.object("ticket_id", "42", "assigned_to", "bob",
                    "status", "open"));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.ticket_id",
                    "actions[1].config.assigned_to", "actions[1].config.status");
        }

        @Test
        void a_templated_ticket_id_is_checked_only_when_rendered() {
            assertThat(acceptedConfig("ticket_update", Json.object("ticket_id", "{{actions.1.result.ticket_id}}",
                    "assigned_to", "{{trigger.owner}}")))
                    .containsEntry("ticket_id", "{{actions.1.result.ticket_id}}");
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

        @ParameterizedTest
        @ValueSource(strings = {
                "return '{{secret.X}}'.split('').reverse().join('');",
                "return '{{ secret.X }}';",
                "return '{{{secret.X}}}';",
                "return '{{&secret.X}}';",
                "return '{{secret}}';",
                "return '{{#secret}}{{X}}{{/secret}}';",
                "return '{{^secret}}none{{/secret}}';",
                "return '{{#trigger}}{{secret.X}}{{/trigger}}';",
                "{{=<% %>=}}return '<%secret.X%>';"})
        void a_secret_in_the_script_content_is_refused_with_its_path(String content) {
            RuleDraft draft = secondAction(TYPE, Json.object("script_type", "javascript", "script_content", content));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.script_content");
            assertThat(messageFor(draft, "actions[1].config.script_content")).startsWith("must not use {{secret.*}}");
        }

        @Test
        void a_secret_in_an_environment_variable_is_refused_with_its_path() {
            RuleDraft draft = secondAction(TYPE, Json.object("script_type", "javascript", "script_content", "return env.K;",
                    "environment_variables", Json.object("K", "{{secret.X}}")));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.environment_variables.K");
        }

        @Test
        void other_templates_and_the_word_secret_as_text_are_accepted() {
            Map<String, Object> config = Json.object("script_type", "javascript",
                    "script_content", "const secret = '{{trigger.id}}'; return {secret: secret, s: '{{trigger.secret_santa}}'};");

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void other_action_types_may_use_secrets() {
            assertThat(ActionConfigPolicy.mayUseSecrets(ActionType.WEBHOOK_CALL)).isTrue();
            assertThat(acceptedConfig("webhook_call", Json.object("url", "https://api.example.com/x",
                    "headers", Json.object("Authorization", "Bearer {{secret.X}}")))).isNotEmpty();
            assertThat(ActionConfigPolicy.secretProblems(ActionType.WEBHOOK_CALL,
                    Json.object("url", "{{secret.X}}"), "config")).isEmpty();
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
            RuleDraft draft = secondAction(TYPE, Json.object("command", "ls", "args", Json.array("-l", Json.array())));

            assertThat(messageFor(draft, "actions[1].config.args[1]")).isEqualTo("must be a string");
        }

        @Test
        void a_rendered_number_or_boolean_is_an_argument_but_an_object_is_not() {
            assertThat(ActionConfigPolicy.problems(ActionType.SYSTEM_COMMAND, Json.object("command", "/bin/echo",
                    "args", Json.array("a", 42, true, Json.object("x", 1))), "actions[0].config"))
                    .extracting(io.ruleworks.domain.shared.FieldViolation::field)
                    .containsExactly("actions[0].config.args[3]");
        }
    }

    @Nested
    class ProjectUpdate {

        private static final String TYPE = "project_update";
        private static final String PROJECT = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";

        @Test
        void every_documented_setting_is_accepted() {
            Map<String, Object> config = Json.object("project_id", PROJECT, "project_name", "Migration",
                    "description", "", "start_date", "2026-01-01", "end_date", "2026-03-31", "assigned_to", null,
                    "client_id", PROJECT, "budgeted_hours", 120.5, "is_inactive", false,
                    "project_data", Json.object("wbs_code", "1.2"));

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void the_project_id_and_one_change_are_required() {
            assertThat(violatedFields(secondAction(TYPE, Json.object())))
                    .containsExactly("actions[1].config.project_id", "actions[1].config.project_data");
        }

        @Test
        void ids_dates_and_numbers_are_checked() {
            RuleDraft draft = secondAction(TYPE, Json.object("project_id", "p-1", "start_date", "2026-02-01",
                    "end_date", "2026-01-01", "budgeted_hours", -1, "is_inactive", "no", "project_name", null));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.project_id",
                    "actions[1].config.project_name", "actions[1].config.end_date",
                    "actions[1].config.budgeted_hours", "actions[1].config.is_inactive");
            assertThat(messageFor(secondAction(TYPE, Json.object("project_id", PROJECT, "start_date", "01/02/2026")),
                    "actions[1].config.start_date")).isEqualTo("must be an ISO-8601 date such as 2026-01-31");
        }

        @Test
        void a_typed_field_inside_project_data_is_refused() {
            assertThat(messageFor(secondAction(TYPE, Json.object("project_id", PROJECT,
                    "project_data", Json.object("project_name", "x"))), "actions[1].config.project_data.project_name"))
                    .isEqualTo("is a field of its own: set config.project_name instead");
        }

        @Test
        void templated_numbers_and_ids_are_checked_only_when_rendered() {
            Map<String, Object> config = Json.object("project_id", "{{trigger.project.id}}",
                    "budgeted_hours", "{{trigger.hours}}");

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }
    }

    @Nested
    class TimeEntryCreation {

        private static final String TYPE = "time_entry_creation";
        private static final String ID = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";

        private static Map<String, Object> entry() {
            return Json.object("work_item_type", "ticket", "work_item_id", ID, "started_at", "2026-01-31T09:00:00Z",
                    "ended_at", "2026-01-31T10:30:00Z");
        }

        @Test
        void every_documented_setting_is_accepted() {
            Map<String, Object> config = Json.with(Json.with(Json.with(Json.with(entry(), "user_id", ID),
                    "duration_minutes", 90), "billable_minutes", 60.5), "notes", "on site");

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void the_work_item_and_the_times_are_required() {
            assertThat(violatedFields(secondAction(TYPE, Json.object()))).containsExactly(
                    "actions[1].config.work_item_type", "actions[1].config.work_item_id",
                    "actions[1].config.started_at", "actions[1].config.ended_at");
        }

        @Test
        void the_entry_must_end_after_it_starts() {
            assertThat(messageFor(secondAction(TYPE, Json.with(entry(), "ended_at", "2026-01-31T08:00:00Z")),
                    "actions[1].config.ended_at")).isEqualTo("must be after started_at");
        }

        @Test
        void minutes_have_their_ranges() {
            RuleDraft draft = secondAction(TYPE, Json.with(Json.with(entry(), "duration_minutes", 30),
                    "billable_minutes", 45));
            RuleDraft negative = secondAction(TYPE, Json.with(entry(), "duration_minutes", -5));
            RuleDraft text = secondAction(TYPE, Json.with(entry(), "duration_minutes", "90"));

            assertThat(messageFor(draft, "actions[1].config.billable_minutes"))
                    .isEqualTo("must not exceed duration_minutes");
            assertThat(messageFor(negative, "actions[1].config.duration_minutes")).isEqualTo("must be between 0 and 10080");
            assertThat(messageFor(text, "actions[1].config.duration_minutes")).isEqualTo("must be a number");
        }

        @Test
        void an_unknown_work_item_type_or_a_bad_user_is_refused() {
            RuleDraft draft = secondAction(TYPE, Json.with(Json.with(entry(), "work_item_type", "meeting"),
                    "user_id", "bob"));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.work_item_type",
                    "actions[1].config.user_id");
        }
    }

    @Nested
    class InvoiceGeneration {

        private static final String TYPE = "invoice_generation";
        private static final String CLIENT = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";

        private static Map<String, Object> invoice() {
            return Json.object("client_id", CLIENT, "window_start", "2026-01-01", "window_end", "2026-02-01",
                    "identity_key", "client:acme:2026-01");
        }

        @Test
        void every_documented_setting_is_accepted() {
            Map<String, Object> config = Json.with(Json.with(Json.with(Json.with(invoice(), "cadence_owner", "contract"),
                    "contract_id", CLIENT), "contract_line_id", null), "billing_cycle_id", CLIENT);

            assertThat(acceptedConfig(TYPE, config)).isEqualTo(config);
        }

        @Test
        void the_client_the_window_and_the_identity_key_are_required() {
            assertThat(violatedFields(secondAction(TYPE, Json.object()))).containsExactly(
                    "actions[1].config.client_id", "actions[1].config.window_start", "actions[1].config.window_end",
                    "actions[1].config.identity_key");
        }

        @Test
        void the_window_must_end_after_it_starts() {
            assertThat(messageFor(secondAction(TYPE, Json.with(invoice(), "window_end", "2026-01-01")),
                    "actions[1].config.window_end")).isEqualTo("must be after window_start");
        }

        @Test
        void a_contract_cadence_needs_the_contract() {
            assertThat(messageFor(secondAction(TYPE, Json.with(invoice(), "cadence_owner", "contract")),
                    "actions[1].config.contract_id")).isEqualTo("is required when cadence_owner is contract");
        }

        @Test
        void ids_must_be_uuids_and_unknown_keys_are_refused() {
            RuleDraft draft = secondAction(TYPE, Json.with(Json.with(invoice(), "client_id", "acme"), "amount", 5));

            assertThat(violatedFields(draft)).containsExactly("actions[1].config.client_id",
                    "actions[1].config.amount");
        }
    }

    @Test
    void a_value_is_templated_when_it_contains_double_braces() {
        assertThat(ActionConfigPolicy.isTemplated("Hello {{ticket.contact}}")).isTrue();
        assertThat(ActionConfigPolicy.isTemplated("Hello {ticket}")).isFalse();
    }
}
