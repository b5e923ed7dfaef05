package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.Rejections.violatedFields;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookTriggerTest {

    private static RuleDraft hook(Map<String, Object> config) {
        return aRule().withTrigger("webhook", config).build();
    }

    /** The config as parsed; it must also pass the JSON Schema generated from the parser (GET /meta). */
    private static WebhookTrigger read(Map<String, Object> config) {
        WebhookTrigger read = (WebhookTrigger) RuleDefinition.from(hook(config)).triggerConfig();
        assertThat(io.ruleworks.domain.fixtures.SchemaChecks.triggerSchemaProblems(TriggerType.WEBHOOK, config))
                .as("the generated schema accepts %s", config).isEmpty();
        return read;
    }

    @Test
    void an_empty_webhook_config_is_accepted_with_the_defaults() {
        WebhookTrigger trigger = read(Json.object());

        assertThat(trigger).isEqualTo(new WebhookTrigger(Optional.empty(), WebhookTrigger.HttpMethod.POST, Map.of(),
                HttpAuthentication.NONE, 30, 3));
    }

    @Test
    void a_webhook_trigger_keeps_every_setting_it_was_given() {
        WebhookTrigger trigger = read(Json.object("webhook_url", "https://psa.example.com/hooks/7",
                "http_method", "PUT", "headers", Json.object("X-Team", "ops"),
                "authentication", Json.object("type", "bearer", "credentials", Json.object("token", "t")),
                "timeout_seconds", 300, "retry_attempts", 0));

        assertThat(trigger).isEqualTo(new WebhookTrigger(Optional.of("https://psa.example.com/hooks/7"),
                WebhookTrigger.HttpMethod.PUT, Map.of("X-Team", "ops"),
                new HttpAuthentication(HttpAuthentication.Type.BEARER, Map.of("token", "t")), 300, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://psa.example.com", "psa.example.com/hook", "https://"})
    void a_webhook_url_must_be_an_absolute_http_url(String url) {
        assertThat(messageFor(hook(Json.object("webhook_url", url)), "trigger_config.webhook_url"))
                .isEqualTo("must be an absolute http or https URL");
    }

    @Test
    void the_http_method_is_written_in_upper_case() {
        assertThat(violatedFields(hook(Json.object("http_method", "post")))).containsExactly("trigger_config.http_method");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 301})
    void a_timeout_outside_one_to_three_hundred_seconds_is_refused(int seconds) {
        assertThat(messageFor(hook(Json.object("timeout_seconds", seconds)), "trigger_config.timeout_seconds"))
                .isEqualTo("must be between 1 and 300");
    }

    @Test
    void more_than_five_retry_attempts_are_refused() {
        assertThat(violatedFields(hook(Json.object("retry_attempts", 6)))).containsExactly("trigger_config.retry_attempts");
    }

    @Test
    void a_header_value_must_be_a_string() {
        assertThat(violatedFields(hook(Json.object("headers", Json.object("X-Count", 2)))))
                .containsExactly("trigger_config.headers.X-Count");
    }

    @Test
    void an_authentication_needs_a_type() {
        assertThat(messageFor(hook(Json.object("authentication", Json.object("credentials", Json.object()))),
                "trigger_config.authentication.type")).isEqualTo("is required");
    }

    @Test
    void an_unknown_authentication_type_is_refused() {
        assertThat(violatedFields(hook(Json.object("authentication", Json.object("type", "oauth2")))))
                .containsExactly("trigger_config.authentication.type");
    }

    @Test
    void an_unknown_key_in_the_authentication_is_refused() {
        assertThat(violatedFields(hook(Json.object("authentication", Json.object("type", "basic", "scheme", "x")))))
                .containsExactly("trigger_config.authentication.scheme");
    }

    @Test
    void authentication_credentials_may_hold_json_nulls() {
        WebhookTrigger trigger = read(Json.object("authentication",
                Json.object("type", "api_key", "credentials", Json.object("key", "k", "header", null))));

        assertThat(trigger.authentication().credentials()).containsEntry("header", null);
    }

    @Test
    void an_unknown_key_in_a_webhook_trigger_is_refused() {
        assertThat(violatedFields(hook(Json.object("url", "https://x.example.com")))).containsExactly("trigger_config.url");
    }
}
