package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.HookSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values PostgreSQL cannot store (a lone UTF-16 surrogate, U+0000, a number beyond a double's range)
 * are refused with 400 at their path at every entry point, before anything is written: rule create
 * and update, execute, events, templates and signed inbound hooks. Before, they failed with 500 at
 * the write, or were stored altered (a rule named x plus a lone U+DFFF became "x?").
 */
@MicronautTest(transactional = false)
class UnstorableInputHttpTest extends HttpTestBase {

    private static final String EVENTS = "/api/v1/automation/events";
    private static final String TEMPLATES = "/api/v1/automation/templates";
    private static final String HOOKS = "/api/v1/automation/hooks/";
    /** JSON text (not Java escapes): a lone high surrogate, a lone low one, NUL. */
    private static final String LONE_HIGH = "\\ud800";
    private static final String LONE_LOW = "\\udfff";
    private static final String NUL = "\\u0000";

    private Api api;
    private String ruleId;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.queue.workers.enabled", "false");
        properties.put("ruleworks.schedules.enabled", "false");
        return properties;
    }

    @BeforeAll
    void anActiveRule() {
        IssuedApiKey owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
        ruleId = api.post(RULES, aRule().named("Target").set("status", "active").json()).expectStatus(201)
                .data().path("rule_id").asText();
    }

    private static void assertRefusedAt(Reply reply, String field) {
        reply.expectStatus(400);
        assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.errorField()).isEqualTo(field);
    }

    private long rows(String table) {
        return sql.queryLong("SELECT count(*) FROM " + table);
    }

    private String execute(String executionData) {
        return "{\"automation_rule_id\": \"" + ruleId + "\", \"execution_data\": " + executionData + "}";
    }

    @Test
    void a_rule_name_with_a_lone_surrogate_is_refused_not_stored_altered() {
        long before = rows("automation_rules");
        String body = aRule().json().replace("\"Daily digest\"", "\"x" + LONE_LOW + "\"");

        assertRefusedAt(api.post(RULES, body), "name");
        assertThat(rows("automation_rules")).isEqualTo(before);
    }

    @Test
    void an_update_with_a_lone_surrogate_is_refused_and_the_rule_keeps_its_name() {
        String body = aRule().json().replace("\"Daily digest\"", "\"y" + LONE_HIGH + "\"");

        assertRefusedAt(api.put(RULES + "/" + ruleId, body), "name");
        assertThat(api.get(RULES + "/" + ruleId).expectStatus(200).data().path("name").asText()).isEqualTo("Target");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a number beyond a double's range   | {\"n\": 1e1000000}               | execution_data.n",
            "a negative one                     | {\"a\": [1, -1e400]}             | execution_data.a[1]",
            "a non-zero one that underflows     | {\"n\": 1e-1000000}              | execution_data.n",
            "a lone surrogate in a value        | {\"t\": {\"s\": \"a\\ud800\"}}   | execution_data.t.s",
            "a lone surrogate in a key          | {\"\\ud800k\": 1}                | execution_data.\\ud800k",
            "NUL in a value                     | {\"t\": \"a\\u0000\"}            | execution_data.t"})
    void execution_data_that_cannot_be_stored_is_refused_at_its_path(String what, String data, String field) {
        long before = rows("automation_executions");

        assertRefusedAt(api.post(RULES + "/" + ruleId + "/execute", execute(data)), field);
        assertThat(rows("automation_executions")).isEqualTo(before);
    }

    @Test
    void large_and_tiny_numbers_a_double_holds_are_accepted() {
        api.post(RULES + "/" + ruleId + "/execute", execute("{\"big\": 1.5e300, \"tiny\": 2e-300, \"zero\": 0e-5}"))
                .expectStatus(201);
    }

    @Test
    void an_event_payload_with_a_lone_surrogate_is_refused() {
        long before = rows("automation_events");

        assertRefusedAt(api.post(EVENTS, "{\"event_type\": \"ticket.created\", \"payload\": {\"title\": \"x"
                + LONE_HIGH + "\"}}"), "payload.title");
        assertThat(rows("automation_events")).isEqualTo(before);
    }

    @Test
    void a_template_with_a_lone_surrogate_is_refused() {
        long before = rows("automation_templates");

        assertRefusedAt(api.post(TEMPLATES, """
                {"automation_rule_id": "%s", "template_name": "T%s", "category": "tickets"}"""
                .formatted(ruleId, LONE_LOW)), "template_name");
        assertThat(rows("automation_templates")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL              | {\"ticket\": {\"title\": \"a\\u0000\"}}  | ticket.title",
            "lone surrogate   | {\"ticket\": {\"title\": \"a\\ud800\"}}  | ticket.title",
            "number overflow  | {\"ticket\": {\"n\": 1e1000000}}        | ticket.n"})
    void a_correctly_signed_hook_body_that_cannot_be_stored_is_refused_with_its_path(String what, String body,
                                                                                      String field) {
        JsonNode created = api.post(RULES, """
                {"name": "Hook", "status": "active", "trigger_type": "webhook", "trigger_config": {},
                 "actions": [{"type": "webhook_call", "order": 1, "config": {"url": "https://hooks.example.com/x"}}]}
                """).expectStatus(201).data();
        String hookRule = created.path("rule_id").asText();
        HookSecret secret = new HookSecret(created.path("webhook").path("signing_secret").asText());
        long before = rows("automation_executions");
        long timestamp = Instant.now().getEpochSecond();
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);

        Reply refused = anonymous().withHeader("X-Ruleworks-Timestamp", Long.toString(timestamp))
                .withHeader("X-Ruleworks-Signature", HookSignatures.sign(secret, timestamp, raw))
                .withHeader("X-Ruleworks-Delivery", UUID.randomUUID().toString())
                .post(HOOKS + hookRule, body).expectStatus(400);

        assertThat(refused.errorCode()).isEqualTo("HOOK_BODY_INVALID");
        assertThat(refused.errorField()).isEqualTo(field);
        assertThat(rows("automation_executions")).isEqualTo(before);
    }

    @Test
    void an_unsigned_hook_body_that_cannot_be_stored_is_still_refused_as_unsigned_first() {
        Reply refused = anonymous().withHeader("X-Ruleworks-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                .withHeader("X-Ruleworks-Signature", "v1=" + "0".repeat(64))
                .withHeader("X-Ruleworks-Delivery", "d-1")
                .post(HOOKS + UUID.randomUUID(), "{\"a\": \"" + NUL + "\"}").expectStatus(401);

        assertThat(refused.errorCode()).isEqualTo("HOOK_SIGNATURE_INVALID");
    }
}
