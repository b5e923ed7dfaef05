package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest(transactional = false)
class RuleCrudHttpTest extends HttpTestBase {

    private IssuedApiKey owner;
    private Api api;
    private Api otherTenant;

    @BeforeAll
    void issueKeys() {
        owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
        otherTenant = as(keys().adminOfNewTenant().apiKey());
    }

    @Test
    void create_returns_201_with_the_contract_defaults_and_a_location() {
        Reply created = api.post(RULES, aRule().named("Nightly digest").json()).expectStatus(201);

        JsonNode rule = created.data();
        assertThat(rule.path("name").asText()).isEqualTo("Nightly digest");
        assertThat(rule.path("tenant").asText()).isEqualTo(owner.tenant().toString());
        assertThat(rule.path("status").asText()).isEqualTo("draft");
        assertThat(rule.path("priority").asText()).isEqualTo("normal");
        assertThat(rule.path("condition_logic").asText()).isEqualTo("and");
        assertThat(rule.path("max_concurrent_executions").asInt()).isEqualTo(1);
        assertThat(rule.path("execution_timeout_minutes").asInt()).isEqualTo(60);
        assertThat(rule.path("retry_failed_executions").asBoolean(true)).isFalse();
        assertThat(rule.path("is_template").asBoolean(true)).isFalse();
        assertThat(rule.path("execution_count").asLong(-1)).isZero();
        assertThat(rule.path("last_executed").isNull()).isTrue();
        assertThat(rule.path("notification_settings").path("notify_on_failure").asBoolean()).isTrue();
        assertThat(rule.path("notification_settings").path("notify_on_success").asBoolean(true)).isFalse();
        assertThat(rule.path("trigger_config")).isEqualTo(json("""
                {"schedule_type": "daily", "timezone": "UTC", "skip_if_running": false, "misfire_policy": "fire_once"}"""));
        assertThat(rule.path("actions").get(0)).isEqualTo(json("""
                {"type": "webhook_call", "config": {"url": "https://hooks.example.com/digest"}, "order": 1,
                 "continue_on_error": false, "retry_attempts": 0}"""));
        assertThat(created.header("Location")).contains(RULES + "/" + rule.path("rule_id").asText());
    }

    @Test
    void the_location_of_a_created_rule_serves_that_rule() {
        Reply created = api.post(RULES, aRule().json()).expectStatus(201);

        Reply fetched = api.get(created.header("Location").orElseThrow()).expectStatus(200);

        assertThat(fetched.data().path("rule_id")).isEqualTo(created.data().path("rule_id"));
    }

    @Test
    void get_returns_the_rule_with_its_execution_statistics() {
        String id = createRule();
        UUID ruleId = UUID.fromString(id);
        sql.insertExecution(owner.tenant().value(), ruleId, "completed", 100L);
        sql.insertExecution(owner.tenant().value(), ruleId, "completed", 300L);
        sql.insertExecution(owner.tenant().value(), ruleId, "failed", 200L);
        sql.insertExecution(owner.tenant().value(), ruleId, "running", null);

        JsonNode statistics = api.get(RULES + "/" + id).expectStatus(200).data().path("execution_statistics");

        assertThat(statistics.path("total_executions").asLong()).isEqualTo(4);
        assertThat(statistics.path("successful_executions").asLong()).isEqualTo(2);
        assertThat(statistics.path("failed_executions").asLong()).isEqualTo(1);
        assertThat(statistics.path("in_flight_executions").asLong()).isEqualTo(1);
        assertThat(statistics.path("average_duration_ms").asDouble()).isEqualTo(200.0);
        assertThat(statistics.path("last_execution_at").isTextual()).isTrue();
    }

    @Test
    void a_rule_that_never_ran_has_zero_statistics() {
        JsonNode statistics = api.get(RULES + "/" + createRule()).expectStatus(200).data().path("execution_statistics");

        assertThat(statistics.path("total_executions").asLong(-1)).isZero();
        assertThat(statistics.path("average_duration_ms").isNull()).isTrue();
        assertThat(statistics.path("last_execution_at").isNull()).isTrue();
    }

    @Test
    void every_link_of_a_rule_points_at_a_route_that_serves_its_method() {
        String id = createRule();
        JsonNode links = api.get(RULES + "/" + id).expectStatus(200).data().path("_links");
        assertThat(links.size()).isGreaterThanOrEqualTo(4);

        List<String> followed = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> ordered = new ArrayList<>();
        links.fields().forEachRemaining(ordered::add);
        ordered.sort((a, b) -> Boolean.compare(isDelete(a.getValue()), isDelete(b.getValue())));
        for (Map.Entry<String, JsonNode> link : ordered) {
            // Alga's shapes: {href, method, rel} objects, and plain paths for related routes
            String href = link.getValue().isTextual() ? link.getValue().asText() : link.getValue().path("href").asText();
            String method = link.getValue().isTextual()
                    ? (link.getKey().equals("execute") ? "POST" : "GET")
                    : link.getValue().path("method").asText();
            assertThat(href).as(link.getKey()).startsWith("/api/v1/automation/");
            String body = method.equals("PUT") || method.equals("POST") || method.equals("PATCH") ? "{}" : null;
            Reply reply = api.send(method, href, Optional.ofNullable(body).map(b -> "application/json"), body);
            assertThat(reply.status()).as(link.getKey() + " " + reply).isNotIn(404, 405);
            followed.add(link.getKey());
        }
        assertThat(followed).contains("self", "edit", "patch", "delete", "collection", "execute", "executions");
    }

    @Test
    void update_changes_only_the_fields_it_carries() {
        Reply created = api.post(RULES, aRule().json()).expectStatus(201);
        String id = created.data().path("rule_id").asText();

        Reply updated = api.put(RULES + "/" + id, """
                {"priority": "high", "tags": ["billing"]}""").expectStatus(200);

        ObjectNode expected = created.data().deepCopy();
        expected.put("priority", "high");
        expected.set("tags", json("[\"billing\"]"));
        expected.set("updated_at", updated.data().path("updated_at"));
        assertThat(updated.data()).isEqualTo(expected);
        assertThat(updated.data().path("updated_at").asText()).isNotEqualTo(created.data().path("updated_at").asText());
        assertThat(api.get(RULES + "/" + id).data().path("priority").asText()).isEqualTo("high");
    }

    @Test
    void an_update_whose_merged_rule_is_invalid_is_refused_with_the_path_and_changes_nothing() {
        String id = createRule();

        Reply refused = api.put(RULES + "/" + id, """
                {"trigger_type": "event_based"}""").expectStatus(400);

        assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.errorField()).isEqualTo("trigger_config.event_type");
        assertThat(api.get(RULES + "/" + id).data().path("trigger_type").asText()).isEqualTo("time_based");
    }

    @Test
    void a_rules_own_execution_retention_is_stored_shown_cleared_with_zero_and_validated() {
        String id = createRule();
        assertThat(api.get(RULES + "/" + id).data().path("execution_retention_days").isNull()).isTrue();

        Reply set = api.put(RULES + "/" + id, """
                {"execution_retention_days": 7}""").expectStatus(200);
        assertThat(set.data().path("execution_retention_days").asInt()).isEqualTo(7);
        assertThat(api.get(RULES + "/" + id).data().path("execution_retention_days").asInt()).isEqualTo(7);
        api.put(RULES + "/" + id, """
                {"priority": "high"}""").expectStatus(200);
        assertThat(api.get(RULES + "/" + id).data().path("execution_retention_days").asInt()).isEqualTo(7);

        Reply tooLong = api.put(RULES + "/" + id, """
                {"execution_retention_days": 3651}""").expectStatus(400);
        assertThat(tooLong.errorField()).isEqualTo("execution_retention_days");
        Reply notANumber = api.post(RULES, aRule().json().replaceFirst("\\{", "{\"execution_retention_days\": \"a week\", "))
                .expectStatus(400);
        assertThat(notANumber.errorField()).isEqualTo("execution_retention_days");

        Reply cleared = api.put(RULES + "/" + id, """
                {"execution_retention_days": 0}""").expectStatus(200);
        assertThat(cleared.data().path("execution_retention_days").isNull()).isTrue();
    }

    @Test
    void an_update_with_an_unknown_field_is_refused_in_strict_mode() {
        String id = createRule();

        Reply refused = api.put(RULES + "/" + id + "?fieldValidation=Strict", """
                {"colour": "red"}""").expectStatus(400);

        assertThat(refused.errorField()).isEqualTo("colour");
    }

    @Test
    void delete_returns_204_and_the_rule_is_gone() {
        String id = createRule();

        Reply deleted = api.delete(RULES + "/" + id).expectStatus(204);

        assertThat(deleted.body()).isEmpty();
        assertThat(api.get(RULES + "/" + id).expectStatus(404).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(api.delete(RULES + "/" + id).expectStatus(404).errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void delete_is_refused_while_an_execution_is_pending() {
        String id = createRule();
        sql.insertExecution(owner.tenant().value(), UUID.fromString(id), "pending", null);

        Reply refused = api.delete(RULES + "/" + id).expectStatus(409);

        assertThat(refused.errorCode()).isEqualTo("RULE_HAS_ACTIVE_EXECUTIONS");
        assertThat(refused.errorDetails().path("rule_id").asText()).isEqualTo(id);
        api.get(RULES + "/" + id).expectStatus(200);
    }

    @Test
    void delete_goes_ahead_once_executions_are_finished() {
        String id = createRule();
        sql.insertExecution(owner.tenant().value(), UUID.fromString(id), "completed", 5L);

        api.delete(RULES + "/" + id).expectStatus(204);
    }

    @Test
    void an_id_that_is_not_a_uuid_is_a_validation_error_on_every_operation() {
        for (Reply reply : List.of(api.get(RULES + "/not-a-uuid"), api.put(RULES + "/not-a-uuid", "{}"),
                api.delete(RULES + "/not-a-uuid"), api.get(RULES + "/6f1c2a4e9b1d4c8e8a550d5b3f1e2a77"))) {
            reply.expectStatus(400);
            assertThat(reply.errorCode()).as(reply.toString()).isEqualTo("VALIDATION_ERROR");
            assertThat(reply.errorField()).as(reply.toString()).isEqualTo("id");
        }
    }

    @Test
    void another_tenants_rule_is_indistinguishable_from_a_missing_one() {
        String theirs = createRule();
        String missing = UUID.randomUUID().toString();

        Reply foreign = otherTenant.get(RULES + "/" + theirs).expectStatus(404);
        Reply absent = otherTenant.get(RULES + "/" + missing).expectStatus(404);

        assertThat(foreign.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(foreign.body().replace(theirs, "{id}")).isEqualTo(absent.body().replace(missing, "{id}"));
    }

    @Test
    void another_tenant_can_neither_update_nor_delete_a_rule() {
        String theirs = createRule();

        otherTenant.put(RULES + "/" + theirs, "{\"name\": \"hijacked\"}").expectStatus(404);
        otherTenant.delete(RULES + "/" + theirs).expectStatus(404);

        assertThat(api.get(RULES + "/" + theirs).expectStatus(200).data().path("name").asText())
                .isEqualTo("Daily digest");
    }

    private String createRule() {
        return api.post(RULES, aRule().json()).expectStatus(201).data().path("rule_id").asText();
    }

    private static boolean isDelete(JsonNode link) {
        return link.path("method").asText().equals("DELETE");
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
