package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.bootstrap.http.support.RuleJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static io.ruleworks.bootstrap.http.support.RuleJson.webhookAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every malformed rule is refused with 400 VALIDATION_ERROR naming the exact field, and nothing is stored. */
@MicronautTest(transactional = false)
class RuleValidationHttpTest extends HttpTestBase {

    private Api api;

    @BeforeAll
    void issueKey() {
        api = as(keys().adminOfNewTenant().apiKey());
    }

    static Stream<Arguments> invalidRules() {
        RuleJson rule = aRule();
        return Stream.of(
                arguments("missing name", rule.without("name"), "name"),
                arguments("empty name", rule.set("name", ""), "name"),
                arguments("blank name", rule.set("name", "   "), "name"),
                arguments("name longer than 255", rule.set("name", "n".repeat(256)), "name"),
                arguments("unknown top-level field", rule.set("colour", "red"), "colour"),
                arguments("unknown field inside an action", rule.set("actions[0].colour", "red"), "actions[0].colour"),
                arguments("name as a number", rule.set("name", 42), "name"),
                arguments("actions as an object", rule.set("actions", webhookAction(1, "https://a.example.com")),
                        "actions"),
                arguments("unknown status", rule.set("status", "paused"), "status"),
                arguments("unknown trigger_type", rule.set("trigger_type", "lunar"), "trigger_type"),
                arguments("unknown action type", rule.set("actions[0].type", "fax"), "actions[0].type"),
                arguments("unknown condition operator",
                        rule.set("conditions", List.of(Map.of("field", "ticket.priority", "operator", "resembles",
                                "value", "high"))), "conditions[0].operator"),
                arguments("duplicate action order",
                        rule.set("actions[1]", webhookAction(1, "https://b.example.com")), "actions[1].order"),
                arguments("zero actions", rule.set("actions", List.of()), "actions"),
                arguments("missing actions", rule.without("actions"), "actions"),
                arguments("missing trigger_config", rule.without("trigger_config"), "trigger_config"),
                arguments("time_based without schedule_type",
                        rule.set("trigger_config", Map.of("timezone", "Europe/Berlin")),
                        "trigger_config.schedule_type"),
                arguments("custom_cron without cron_expression",
                        rule.set("trigger_config", Map.of("schedule_type", "custom_cron")),
                        "trigger_config.cron_expression"),
                arguments("custom_cron with an invalid cron_expression",
                        rule.set("trigger_config", Map.of("schedule_type", "custom_cron", "cron_expression", "every day")),
                        "trigger_config.cron_expression"),
                arguments("unknown timezone",
                        rule.set("trigger_config", Map.of("schedule_type", "daily", "timezone", "Mars/Olympus_Mons")),
                        "trigger_config.timezone"),
                arguments("end_date before start_date",
                        rule.set("trigger_config", Map.of("schedule_type", "daily",
                                "start_date", "2026-03-01T00:00:00Z", "end_date", "2026-02-01T00:00:00Z")),
                        "trigger_config.end_date"),
                arguments("event_based without event_type",
                        rule.set("trigger_type", "event_based").set("trigger_config", Map.of("event_source", "tickets")),
                        "trigger_config.event_type"),
                arguments("condition_based without check_interval_minutes",
                        rule.set("trigger_type", "condition_based").set("trigger_config", Map.of("conditions",
                                List.of(Map.of("field", "ticket.status", "operator", "equals", "value", "open")))),
                        "trigger_config.check_interval_minutes"),
                arguments("webhook with a url that is not a URL",
                        rule.set("trigger_type", "webhook").set("trigger_config", Map.of("webhook_url", "not a url")),
                        "trigger_config.webhook_url"),
                arguments("webhook with timeout_seconds above 300",
                        rule.set("trigger_type", "webhook").set("trigger_config", Map.of("timeout_seconds", 301)),
                        "trigger_config.timeout_seconds"),
                arguments("webhook with timeout_seconds of 0",
                        rule.set("trigger_type", "webhook").set("trigger_config", Map.of("timeout_seconds", 0)),
                        "trigger_config.timeout_seconds"),
                arguments("manual with an unknown key",
                        rule.set("trigger_type", "manual").set("trigger_config", Map.of("schedule_type", "daily")),
                        "trigger_config.schedule_type"),
                arguments("second action calling a non-http url",
                        rule.set("actions[1]", webhookAction(2, "ftp://files.example.com/drop")), "actions[1].config.url"),
                arguments("an integer too large for any field",
                        rule.set("max_concurrent_executions", new BigInteger("99999999999999999999")),
                        "max_concurrent_executions"),
                arguments("an action order too large for any field",
                        rule.set("actions[0].order", new BigInteger("99999999999999999999")),
                        "actions[0].order"),
                arguments("regex_match with a pattern that does not compile",
                        rule.set("conditions", List.of(Map.of("field", "ticket.title", "operator", "regex_match",
                                "value", "(unclosed"))), "conditions[0].value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRules")
    void an_invalid_rule_is_refused_naming_the_field_in_strict_mode(String problem, RuleJson body, String field) {
        long before = storedRules();

        Reply refused = api.post(RULES + "?fieldValidation=Strict", body.json()).expectStatus(400);

        assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.errorField()).as(refused.toString()).isEqualTo(field);
        assertThat(refused.errorDetails().path("errors").get(0).path("field").asText()).isEqualTo(field);
        assertThat(storedRules()).isEqualTo(before);
    }

    /**
     * In the default Warn mode the same bodies are refused at the same field, except where the
     * field is unknown: such a body is accepted and the field named in a Warning header.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRules")
    void in_warn_mode_an_invalid_rule_is_refused_or_its_unknown_field_named_in_a_warning(String problem, RuleJson body,
                                                                                         String field) {
        Reply reply = api.post(RULES, body.json());

        if (reply.status() == 201) {
            assertThat(reply.headers().allValues("Warning")).as(reply.toString())
                    .containsExactly("299 - \"unknown field \\\"" + field + "\\\"\"");
        } else {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.errorField()).as(reply.toString()).isEqualTo(field);
        }
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                arguments("malformed JSON", "{\"name\": \"Daily digest\","),
                arguments("trailing garbage", aRule().json() + " x"),
                arguments("empty body", ""),
                arguments("a JSON array", "[" + aRule().json() + "]"),
                arguments("a JSON string", "\"rule\""),
                arguments("null", "null"),
                arguments("duplicate keys", aRule().json().replaceFirst("\\{", "{\"name\": \"First\", ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void a_body_that_is_not_one_json_object_is_refused_as_body(String problem, String body) {
        Reply refused = api.post(RULES, body).expectStatus(400);

        assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.errorField()).as(refused.toString()).isEqualTo("body");
    }

    @Test
    void a_post_without_any_body_is_refused_as_body() {
        Reply refused = api.send("POST", RULES, Optional.of("application/json"), (String) null).expectStatus(400);

        assertThat(refused.errorField()).isEqualTo("body");
    }

    @Test
    void every_problem_of_a_rule_is_reported_at_once() {
        String body = aRule().without("name").set("status", "paused").set("actions[0].type", "fax").json();

        Reply refused = api.post(RULES, body).expectStatus(400);

        assertThat(refused.errorDetails().path("errors").findValuesAsText("field"))
                .contains("name", "status", "actions[0].type");
    }

    @Test
    void a_valid_rule_of_each_trigger_type_is_accepted() {
        RuleJson rule = aRule();
        List<RuleJson> valid = List.of(
                rule.set("trigger_config", Map.of("schedule_type", "custom_cron", "cron_expression", "*/15 * * * *",
                        "timezone", "Europe/Berlin", "start_date", "2026-01-01T00:00:00Z",
                        "end_date", "2026-12-31T00:00:00Z")),
                rule.set("trigger_type", "recurring").set("trigger_config", Map.of("schedule_type", "weekly")),
                rule.set("trigger_type", "event_based").set("trigger_config", Map.of("event_type", "ticket.created")),
                rule.set("trigger_type", "condition_based").set("trigger_config", Map.of("check_interval_minutes", 5,
                        "conditions", List.of(Map.of("field", "ticket.status", "operator", "equals", "value", "open")))),
                rule.set("trigger_type", "webhook").set("trigger_config", Map.of("timeout_seconds", 300)),
                rule.set("trigger_type", "manual").set("trigger_config", Map.of())
                        .set("conditions", List.of(Map.of("field", "ticket.title", "operator", "regex_match",
                                "value", "^urgent"))));

        for (RuleJson body : valid) {
            api.post(RULES, body.json()).expectStatus(201);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actionsOfDisabledTypes")
    void an_action_type_this_server_has_disabled_is_refused_with_its_own_code(String type, Map<String, Object> config) {
        long before = storedRules();
        String body = aRule().set("actions[1]", Map.of("type", type, "order", 2, "config", config)).json();

        Reply refused = api.post(RULES, body).expectStatus(400);

        assertThat(refused.errorCode()).as(refused.toString()).isEqualTo("ACTION_TYPE_DISABLED");
        assertThat(refused.errorField()).isEqualTo("actions[1].type");
        assertThat(refused.errorDetails().path("action_type").asText()).isEqualTo(type);
        assertThat(storedRules()).isEqualTo(before);
    }

    /** As shipped: system_command is off, database_update has no target database configured. */
    static Stream<Arguments> actionsOfDisabledTypes() {
        return Stream.of(
                arguments("system_command", Map.of("command", "/bin/echo", "args", List.of("hello"))),
                arguments("database_update", Map.of("table", "tickets", "operation", "update",
                        "data", Map.of("status", "closed"), "conditions", Map.of("id", 1))));
    }

    private long storedRules() {
        return sql.queryLong("SELECT count(*) FROM automation_rules");
    }
}
