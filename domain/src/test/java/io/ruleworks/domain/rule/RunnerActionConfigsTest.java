package io.ruleworks.domain.rule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The records of webhook_call, email_notification, sms_notification, database_update,
 * custom_script and system_command, parsed from rendered configs that passed the policy: the
 * fields and defaults their runners rely on.
 */
class RunnerActionConfigsTest {

    private static <C extends ActionConfig> C parsed(ActionType type, Class<C> record, Map<String, Object> config) {
        assertThat(ActionConfigPolicy.problems(type, config, "config")).as("the config is valid").isEmpty();
        return record.cast(ActionConfig.parse(type, config));
    }

    // --- webhook_call

    @Test
    void a_webhook_posts_without_headers_body_authentication_or_own_timeout_by_default() {
        WebhookCallConfig config = parsed(ActionType.WEBHOOK_CALL, WebhookCallConfig.class,
                Map.of("url", "https://example.test/hook"));

        assertThat(config.url()).isEqualTo("https://example.test/hook");
        assertThat(config.method()).isEqualTo("POST");
        assertThat(config.withoutBody()).isFalse();
        assertThat(config.headers()).isEmpty();
        assertThat(config.body()).isEmpty();
        assertThat(config.authentication()).isEqualTo(HttpAuthentication.NONE);
        assertThat(config.timeout()).isEmpty();
        assertThat(config.timeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_webhook_keeps_its_headers_in_order_its_body_and_the_shorter_timeout() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("X-B", "2");
        headers.put("X-A", "1");
        WebhookCallConfig config = parsed(ActionType.WEBHOOK_CALL, WebhookCallConfig.class, Map.of(
                "url", "https://example.test/hook", "method", "DELETE", "headers", headers,
                "body", Map.of("n", 1), "timeout_seconds", 5));

        assertThat(config.method()).isEqualTo("DELETE");
        assertThat(config.withoutBody()).isTrue();
        assertThat(config.headers()).containsExactly(Map.entry("X-B", "2"), Map.entry("X-A", "1"));
        assertThat(config.body()).contains(Map.of("n", 1));
        assertThat(config.timeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.timeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_null_webhook_body_is_no_body() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("url", "https://example.test/hook");
        raw.put("body", null);

        assertThat(parsed(ActionType.WEBHOOK_CALL, WebhookCallConfig.class, raw).body()).isEmpty();
    }

    @Test
    void webhook_credentials_are_read_by_type() {
        WebhookCallConfig basic = parsed(ActionType.WEBHOOK_CALL, WebhookCallConfig.class, Map.of(
                "url", "https://example.test/hook", "authentication", Map.of("type", "basic",
                        "credentials", Map.of("username", "u", "password", "p"))));
        WebhookCallConfig apiKey = parsed(ActionType.WEBHOOK_CALL, WebhookCallConfig.class, Map.of(
                "url", "https://example.test/hook", "authentication", Map.of("type", "api_key",
                        "credentials", Map.of("key", "k"))));

        assertThat(basic.authentication().type()).isEqualTo(HttpAuthentication.Type.BASIC);
        assertThat(basic.authentication().username() + ":" + basic.authentication().password()).isEqualTo("u:p");
        assertThat(apiKey.authentication().type()).isEqualTo(HttpAuthentication.Type.API_KEY);
        assertThat(apiKey.authentication().apiKeyHeader()).isEqualTo("X-API-Key");
        assertThat(apiKey.authentication().apiKey()).isEqualTo("k");
    }

    // --- email_notification

    @Test
    void a_mail_without_cc_bcc_attachments_or_is_html_is_plain_text_to_its_recipients() {
        EmailNotificationConfig config = parsed(ActionType.EMAIL_NOTIFICATION, EmailNotificationConfig.class,
                Map.of("to", List.of("a@example.test", "b@example.test"), "subject", "Hi", "body", "Text"));

        assertThat(config.to()).containsExactly("a@example.test", "b@example.test");
        assertThat(config.cc()).isEmpty();
        assertThat(config.bcc()).isEmpty();
        assertThat(config.subject()).isEqualTo("Hi");
        assertThat(config.body()).isEqualTo("Text");
        assertThat(config.html()).isFalse();
        assertThat(config.attachments()).isEmpty();
    }

    @Test
    void a_mail_attachment_comes_from_its_url_or_its_path() {
        EmailNotificationConfig config = parsed(ActionType.EMAIL_NOTIFICATION, EmailNotificationConfig.class,
                Map.of("to", List.of("a@example.test"), "cc", List.of("c@example.test"),
                        "bcc", List.of("d@example.test"), "subject", "Hi", "body", "<p>x</p>", "is_html", true,
                        "attachments", List.of(
                                Map.of("filename", "a.pdf", "url", "https://example.test/a.pdf"),
                                Map.of("filename", "b.txt", "path", "reports/b.txt", "content_type", "text/plain"))));

        assertThat(config.cc()).containsExactly("c@example.test");
        assertThat(config.bcc()).containsExactly("d@example.test");
        assertThat(config.html()).isTrue();
        assertThat(config.attachments()).containsExactly(
                new EmailNotificationConfig.Attachment("a.pdf", Optional.empty(),
                        Optional.of("https://example.test/a.pdf"), "null"),
                new EmailNotificationConfig.Attachment("b.txt", Optional.of("text/plain"), Optional.empty(),
                        "reports/b.txt"));
    }

    // --- sms_notification

    @Test
    void an_sms_has_its_numbers_its_message_and_an_optional_sender() {
        SmsNotificationConfig plain = parsed(ActionType.SMS_NOTIFICATION, SmsNotificationConfig.class,
                Map.of("phone_numbers", List.of("+14155550100", "+14155550101"), "message", "Up"));
        SmsNotificationConfig named = parsed(ActionType.SMS_NOTIFICATION, SmsNotificationConfig.class,
                Map.of("phone_numbers", List.of("+14155550100"), "message", "Up", "sender_id", "Ops"));

        assertThat(plain.phoneNumbers()).containsExactly("+14155550100", "+14155550101");
        assertThat(plain.message()).isEqualTo("Up");
        assertThat(plain.senderId()).isEmpty();
        assertThat(named.senderId()).contains("Ops");
    }

    // --- database_update

    @Test
    void a_delete_has_conditions_and_no_data_and_returns_no_rows_by_default() {
        DatabaseUpdateConfig config = parsed(ActionType.DATABASE_UPDATE, DatabaseUpdateConfig.class,
                Map.of("table", "tickets", "operation", "delete", "conditions", Map.of("id", 7)));

        assertThat(config.table()).isEqualTo("tickets");
        assertThat(config.operation()).isEqualTo("delete");
        assertThat(config.data()).isEmpty();
        assertThat(config.conditions()).containsExactly(Map.entry("id", 7));
        assertThat(config.returnUpdated()).isFalse();
    }

    @Test
    void an_update_keeps_a_null_column_value() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("assignee", null);
        data.put("status", "open");
        DatabaseUpdateConfig config = parsed(ActionType.DATABASE_UPDATE, DatabaseUpdateConfig.class,
                Map.of("table", "tickets", "operation", "update", "data", data, "conditions", Map.of("id", 7),
                        "return_updated", true));

        assertThat(config.data()).containsExactly(entry("assignee", null), entry("status", "open"));
        assertThat(config.returnUpdated()).isTrue();
    }

    // --- custom_script

    @Test
    void a_script_has_no_own_timeout_or_environment_by_default() {
        CustomScriptConfig config = parsed(ActionType.CUSTOM_SCRIPT, CustomScriptConfig.class,
                Map.of("script_type", "javascript", "script_content", "return 1;"));

        assertThat(config.javascript()).isTrue();
        assertThat(config.scriptContent()).isEqualTo("return 1;");
        assertThat(config.timeout()).isEmpty();
        assertThat(config.environmentVariables()).isEmpty();
    }

    @Test
    void a_script_keeps_its_timeout_and_environment() {
        CustomScriptConfig config = parsed(ActionType.CUSTOM_SCRIPT, CustomScriptConfig.class,
                Map.of("script_type", "javascript", "script_content", "return env.A;", "timeout_seconds", 12,
                        "environment_variables", Map.of("A", "1")));

        assertThat(config.timeout()).contains(Duration.ofSeconds(12));
        assertThat(config.environmentVariables()).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void a_script_of_another_language_is_not_javascript() {
        // refused by the policy; the runner still checks (SCRIPT_TYPE_UNSUPPORTED)
        assertThat(((CustomScriptConfig) ActionConfig.parse(ActionType.CUSTOM_SCRIPT,
                Map.of("script_type", "python", "script_content", "x"))).javascript()).isFalse();
    }

    // --- system_command

    @Test
    void a_command_runs_without_args_in_no_own_directory_by_default() {
        SystemCommandConfig config = parsed(ActionType.SYSTEM_COMMAND, SystemCommandConfig.class,
                Map.of("command", "echo"));

        assertThat(config.command()).isEqualTo("echo");
        assertThat(config.args()).isEmpty();
        assertThat(config.timeout()).isEmpty();
        assertThat(config.timeout(Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.workingDirectory()).isEmpty();
    }

    @Test
    void rendered_number_and_boolean_arguments_are_passed_as_their_text() {
        SystemCommandConfig config = parsed(ActionType.SYSTEM_COMMAND, SystemCommandConfig.class,
                Map.of("command", "echo", "args", List.of("-n", 42, true, 1.5), "timeout_seconds", 3,
                        "working_directory", "/tmp"));

        assertThat(config.args()).containsExactly("-n", "42", "true", "1.5");
        assertThat(config.timeout(Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.workingDirectory()).contains("/tmp");
    }
}
