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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client written for Alga PSA's automation API, replayed against the real service over HTTP:
 * what such clients do (get-modify-put, cache busters, following {@code _links}, Alga's own
 * filters and enums, {@code curl -d}) works unchanged, and typos are named in
 * {@code Warning: 299} headers instead of breaking the call (issue 13).
 */
@MicronautTest(transactional = false)
class AlgaClientHttpTest extends HttpTestBase {

    private static final String API = "/api/v1/automation";
    private static final String EXECUTIONS = API + "/executions";
    private static final String TEMPLATES = API + "/templates";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuedApiKey owner;
    private Api api;

    @Override
    protected Map<String, String> settings() {
        return NO_WORKERS; // pending executions stay pending, so their cancel link can be followed
    }

    @BeforeAll
    void issueKey() {
        owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
    }

    // --- get-modify-put and read-only fields ---

    @Test
    void a_rule_read_with_get_can_be_put_back_modified() {
        String id = createRule(aRule().set("description", "first").json());
        ObjectNode read = (ObjectNode) api.get(RULES + "/" + id).expectStatus(200).data();
        read.put("name", "Renamed by a round trip");

        Reply put = api.put(RULES + "/" + id, read.toString()).expectStatus(200);

        assertThat(put.data().path("name").asText()).isEqualTo("Renamed by a round trip");
        assertThat(put.data().path("rule_id").asText()).isEqualTo(id);
        assertThat(put.headers().allValues("Warning")).isEmpty();
    }

    @Test
    void a_rule_without_description_round_trips_its_nulls() {
        String id = createRule(aRule().json());
        JsonNode read = api.get(RULES + "/" + id).expectStatus(200).data();
        assertThat(read.path("description").isNull()).isTrue();

        api.put(RULES + "/" + id, read.toString()).expectStatus(200);
        api.post(RULES, read.toString()).expectStatus(201);
    }

    @Test
    void read_only_fields_sent_back_are_never_written() {
        String id = createRule(aRule().json());
        ObjectNode read = (ObjectNode) api.get(RULES + "/" + id).expectStatus(200).data();
        read.put("rule_id", UUID.randomUUID().toString()).put("execution_count", 99).put("created_at", "2001-01-01T00:00:00Z");

        JsonNode put = api.put(RULES + "/" + id, read.toString()).expectStatus(200).data();

        assertThat(put.path("rule_id").asText()).isEqualTo(id);
        assertThat(put.path("execution_count").asLong()).isZero();
        assertThat(put.path("created_at").asText()).isNotEqualTo("2001-01-01T00:00:00Z");
    }

    @Test
    void a_rule_with_every_field_round_trips_in_strict_mode_and_an_empty_patch_changes_nothing() {
        String id = createRule("""
                {"name": "Full", "description": "Escalates new P1 tickets", "status": "active", "priority": "high",
                 "trigger_type": "event_based", "trigger_config": {"event_type": "ticket.created", "debounce_minutes": 2},
                 "conditions": [{"field": "ticket.priority", "operator": "equals", "value": "P1", "data_type": "string"}],
                 "condition_logic": "or",
                 "actions": [{"type": "webhook_call", "config": {"url": "https://hooks.example.com/p1", "method": "POST",
                                                                 "headers": {"X-Team": "ops"}}, "order": 1,
                              "continue_on_error": true, "timeout_seconds": 30, "retry_attempts": 1}],
                 "max_concurrent_executions": 5, "execution_timeout_minutes": 10, "retry_failed_executions": true,
                 "is_template": false, "template_category": "tickets", "tags": ["p1"], "metadata": {"team": "ops"},
                 "execution_retention_days": 14,
                 "notification_settings": {"notify_on_success": true, "notify_on_failure": true,
                                           "notification_emails": ["ops@example.com"],
                                           "notification_webhooks": ["https://hooks.example.com/notify"]}}""");
        ObjectNode read = (ObjectNode) api.get(RULES + "/" + id).expectStatus(200).data();

        Reply put = api.put(RULES + "/" + id + "?fieldValidation=Strict", read.toString()).expectStatus(200);
        Reply patched = api.send("PATCH", RULES + "/" + id + "?fieldValidation=Strict", Optional.of("application/json"), "{}")
                .expectStatus(200);

        assertThat(withoutVolatile(put.data())).isEqualTo(withoutVolatile(read));
        assertThat(withoutVolatile(patched.data())).isEqualTo(withoutVolatile(read));
        assertThat(patched.data().path("execution_retention_days").asInt()).isEqualTo(14);
    }

    private static JsonNode withoutVolatile(JsonNode rule) {
        ObjectNode copy = rule.deepCopy();
        copy.remove(List.of("updated_at", "execution_statistics"));
        return copy;
    }

    @Test
    void read_only_fields_are_accepted_in_strict_mode_too() {
        String id = createRule(aRule().json());
        JsonNode read = api.get(RULES + "/" + id).expectStatus(200).data();

        api.put(RULES + "/" + id + "?fieldValidation=Strict", read.toString()).expectStatus(200);
    }

    // --- field validation modes ---

    @Test
    void an_unknown_body_field_is_ignored_and_named_in_a_warning_by_default() {
        Reply created = api.post(RULES, aRule().set("nmae", "typo").json()).expectStatus(201);

        assertThat(created.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"nmae\\\"\"");
        assertThat(created.data().has("nmae")).isFalse();
    }

    @Test
    void strict_mode_refuses_an_unknown_body_field_by_query_parameter_or_header() {
        Reply byParameter = api.post(RULES + "?fieldValidation=Strict", aRule().set("nmae", "typo").json())
                .expectStatus(400);
        Reply byHeader = api.withHeader("X-Ruleworks-Field-Validation", "Strict")
                .post(RULES, aRule().set("nmae", "typo").json()).expectStatus(400);

        assertThat(byParameter.errorField()).isEqualTo("nmae");
        assertThat(byHeader.errorField()).isEqualTo("nmae");
    }

    @Test
    void a_warning_escapes_what_the_client_wrote_and_injects_no_header() {
        ObjectNode body = (ObjectNode) json(aRule().json());
        body.put("a\r\nX-Injected: 1 \"q\" \u00e9", "x");

        Reply created = api.post(RULES, body.toString()).expectStatus(201);

        assertThat(created.header("X-Injected")).isEmpty();
        assertThat(created.headers().allValues("Warning")).containsExactly(
                "299 - \"unknown field \\\"a\\\\u000d\\\\u000aX-Injected: 1 \\\"q\\\" \\\\u00e9\\\"\"");
    }

    @Test
    void ignore_mode_drops_an_unknown_field_without_a_warning() {
        Reply created = api.post(RULES + "?fieldValidation=Ignore", aRule().set("nmae", "typo").json())
                .expectStatus(201);

        assertThat(created.headers().allValues("Warning")).isEmpty();
    }

    @Test
    void an_unknown_mode_is_refused() {
        Reply refused = api.get(RULES + "?fieldValidation=Lenient").expectStatus(400);

        assertThat(refused.errorField()).isEqualTo("fieldValidation");
    }

    @Test
    void known_fields_keep_their_validation_in_warn_mode() {
        Reply refused = api.post(RULES, aRule().set("priority", "urgent").set("nmae", "typo").json()).expectStatus(400);

        assertThat(refused.errorField()).isEqualTo("priority");
    }

    @Test
    void validation_errors_carry_zod_issue_codes_and_paths_beside_our_field_paths() {
        Reply refused = api.post(RULES, aRule().set("actions[0].order", "first").json()).expectStatus(400);

        JsonNode error = refused.errorDetails().path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("actions[0].order");
        assertThat(error.path("code").asText()).isEqualTo("invalid_type");
        assertThat(error.path("path")).isEqualTo(json("[\"actions\", 0, \"order\"]"));
        assertThat(error.path("message").asText()).isNotBlank();
    }

    // --- unknown query parameters ---

    @Test
    void a_cache_buster_is_accepted_with_a_warning_on_every_list_and_report() {
        for (String path : List.of(RULES, EXECUTIONS, TEMPLATES, API + "/statistics", API + "/performance")) {
            Reply reply = api.get(path + "?_=1733580000000").expectStatus(200);

            assertThat(reply.headers().allValues("Warning")).as(path)
                    .containsExactly("299 - \"unknown query parameter \\\"_\\\"\"");
        }
    }

    @Test
    void a_cache_buster_is_refused_in_strict_mode() {
        for (String path : List.of(RULES, EXECUTIONS, TEMPLATES, API + "/statistics", API + "/performance")) {
            assertThat(api.get(path + "?_=1733580000000&fieldValidation=Strict").expectStatus(400).errorField())
                    .as(path).isEqualTo("_");
        }
    }

    // --- condition_logic not ---

    @Test
    void condition_logic_not_is_accepted_on_create_update_templates_and_listed_by_meta() {
        String id = createRule(aRule().set("condition_logic", "not")
                .set("conditions", List.of(Map.of("field", "ticket.priority", "operator", "equals", "value", "low")))
                .json());
        assertThat(api.get(RULES + "/" + id).expectStatus(200).data().path("condition_logic").asText()).isEqualTo("not");
        api.put(RULES + "/" + id, "{\"condition_logic\": \"or\"}").expectStatus(200);
        api.put(RULES + "/" + id, "{\"condition_logic\": \"not\"}").expectStatus(200);

        String template = api.post(TEMPLATES, """
                {"automation_rule_id": "%s", "template_name": "Not low", "category": "tickets"}""".formatted(id))
                .expectStatus(201).data().path("template_id").asText();
        JsonNode used = api.post(TEMPLATES + "/" + template + "/use", "{\"variables\": {}}").expectStatus(201).data();

        assertThat(used.path("condition_logic").asText()).isEqualTo("not");
        assertThat(api.get(API + "/meta").expectStatus(200).data().path("condition_logic_operators").toString())
                .contains("not");
    }

    // --- links ---

    @Test
    void links_are_shaped_and_named_as_alga_builds_them() {
        String id = createRule(aRule().json());

        JsonNode links = api.get(RULES + "/" + id).expectStatus(200).data().path("_links");

        String self = RULES + "/" + id;
        assertThat(links.path("self")).isEqualTo(link(self, "GET", "self"));
        assertThat(links.path("edit")).isEqualTo(link(self, "PUT", "edit"));
        assertThat(links.path("patch")).isEqualTo(link(self, "PATCH", "partial-update"));
        assertThat(links.path("delete")).isEqualTo(link(self, "DELETE", "delete"));
        assertThat(links.path("collection")).isEqualTo(link(RULES, "GET", "collection"));
        assertThat(links.path("execute").asText()).isEqualTo(self + "/execute");
        assertThat(links.path("executions").asText()).isEqualTo(EXECUTIONS + "?automation_rule_id=" + id);
    }

    @Test
    void a_client_following_every_link_of_every_resource_gets_a_2xx() {
        String ruleId = createRule(aRule().set("status", "active").json());
        JsonNode rule = api.get(RULES + "/" + ruleId).expectStatus(200).data();
        JsonNode executed = api.post(RULES + "/" + ruleId + "/execute", executeBody(ruleId)).expectStatus(201).data();
        UUID failed = sql.insertExecution(owner.tenant().value(), UUID.fromString(ruleId), "failed", 10L);
        JsonNode failedExecution = api.get(EXECUTIONS + "/" + failed).expectStatus(200).data();
        JsonNode template = api.post(TEMPLATES, """
                {"automation_rule_id": "%s", "template_name": "Linked", "category": "tickets"}""".formatted(ruleId))
                .expectStatus(201).data();
        JsonNode fetchedTemplate = api.get(TEMPLATES + "/" + template.path("template_id").asText()).expectStatus(200).data();
        JsonNode used = api.post(fetchedTemplate.path("_links").path("use").asText(), "{\"variables\": {}}")
                .expectStatus(201).data();
        List<JsonNode> resources = List.of(rule, executed, failedExecution, template, fetchedTemplate, used,
                api.get(API + "/statistics").expectStatus(200).data(),
                api.get(API + "/performance").expectStatus(200).data(),
                api.get(RULES).expectStatus(200).json().path("data").get(0),
                api.get(EXECUTIONS).expectStatus(200).json().path("data").get(0));

        java.util.Set<String> followed = new java.util.LinkedHashSet<>();
        List<String> deletes = new ArrayList<>();
        for (JsonNode resource : resources) {
            resource.path("_links").properties().forEach(entry -> {
                String method = methodOf(entry.getKey(), entry.getValue());
                String href = entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().path("href").asText();
                if (!followed.add(entry.getKey() + " " + method + " " + href)) {
                    return; // the same link on two resources is followed once
                }
                if (method.equals("DELETE")) {
                    deletes.add(href);
                } else {
                    follow(method, href);
                }
            });
        }
        // a rule with pending executions is not deleted (409): the client cancels them first
        api.get(EXECUTIONS + "?is_active=true&limit=100").expectStatus(200).json().path("data")
                .forEach(e -> follow("POST", e.path("_links").path("cancel").path("href").asText()));
        deletes.forEach(href -> follow("DELETE", href));

        assertThat(followed).anyMatch(f -> f.startsWith("patch PATCH"))
                .anyMatch(f -> f.startsWith("retry POST"))
                .anyMatch(f -> f.startsWith("cancel POST"))
                .anyMatch(f -> f.startsWith("use POST"))
                .anyMatch(f -> f.startsWith("execute POST"))
                .anyMatch(f -> f.startsWith("delete DELETE"));
    }

    /** A link object names its method; a plain-string link is followed with the method its route serves. */
    private static String methodOf(String name, JsonNode link) {
        if (link.isObject()) {
            return link.path("method").asText();
        }
        return switch (name) {
            case "execute", "retry", "use", "cancel" -> "POST";
            default -> "GET";
        };
    }

    private void follow(String method, String href) {
        Reply reply = switch (method) {
            case "GET" -> api.get(href);
            case "DELETE" -> api.delete(href);
            case "PUT" -> api.put(href, api.get(href).expectStatus(200).data().toString());
            case "PATCH" -> api.send("PATCH", href, Optional.of("application/merge-patch+json"),
                    "{\"description\": \"patched by a link\"}");
            default -> api.post(href, href.endsWith("/execute")
                    ? executeBody(href.replaceAll(".*/rules/([^/]+)/execute", "$1"))
                    : href.endsWith("/use") ? "{\"variables\": {}}" : "{}");
        };
        assertThat(reply.status()).as(method + " " + href + " -> " + reply).isBetween(200, 299);
    }

    // --- PATCH ---

    @Test
    void patch_applies_a_json_merge_patch() {
        String id = createRule(aRule().set("description", "to be cleared")
                .set("trigger_config.timezone", "Europe/Berlin").set("tags", List.of("a", "b")).json());

        JsonNode patched = api.send("PATCH", RULES + "/" + id, Optional.of("application/merge-patch+json"), """
                {"description": null, "trigger_config": {"max_executions": 5}, "tags": ["c"], "_links": {}}""")
                .expectStatus(200).data();

        assertThat(patched.path("description").isNull()).isTrue();
        assertThat(patched.path("trigger_config").path("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(patched.path("trigger_config").path("max_executions").asInt()).isEqualTo(5);
        assertThat(api.get(RULES + "/" + id).expectStatus(200).data().path("description").isNull()).isTrue();
        assertThat(patched.path("tags")).isEqualTo(json("[\"c\"]"));
    }

    @Test
    void patch_validates_like_put() {
        String id = createRule(aRule().json());

        Reply refused = api.send("PATCH", RULES + "/" + id, Optional.of("application/json"), "{\"priority\": \"urgent\"}")
                .expectStatus(400);
        Reply required = api.send("PATCH", RULES + "/" + id, Optional.of("application/json"), "{\"name\": null}")
                .expectStatus(400);
        Reply warned = api.send("PATCH", RULES + "/" + id, Optional.of("application/json"), "{\"nmae\": \"x\"}")
                .expectStatus(200);

        assertThat(refused.errorField()).isEqualTo("priority");
        assertThat(required.errorField()).isEqualTo("name");
        assertThat(warned.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"nmae\\\"\"");
    }

    // --- Alga's list filters and numbers ---

    @Test
    void rules_are_filtered_by_tags_repeated_or_comma_separated_and_by_is_template() {
        String red = createRule(aRule().set("tags", List.of("red", "shared")).json());
        String blue = createRule(aRule().set("tags", List.of("blue")).set("is_template", true).json());
        createRule(aRule().set("tags", List.of("green")).json());

        assertThat(ids(api.get(RULES + "?tags=red&tags=blue").expectStatus(200))).containsExactlyInAnyOrder(red, blue);
        assertThat(ids(api.get(RULES + "?tags=red,blue").expectStatus(200))).containsExactlyInAnyOrder(red, blue);
        assertThat(ids(api.get(RULES + "?tags=blue&is_template=true").expectStatus(200))).containsExactly(blue);
        assertThat(ids(api.get(RULES + "?tags=red,blue&is_template=false").expectStatus(200))).containsExactly(red);
        assertThat(api.get(RULES + "?is_template=maybe").expectStatus(400).errorField()).isEqualTo("is_template");
    }

    @Test
    void duration_bounds_are_numbers() {
        String id = createRule(aRule().json());
        UUID slow = sql.insertExecution(owner.tenant().value(), UUID.fromString(id), "completed", 3L);
        sql.insertExecution(owner.tenant().value(), UUID.fromString(id), "completed", 0L);

        Reply reply = api.get(EXECUTIONS + "?automation_rule_id=" + id + "&duration_min_ms=0.5&duration_max_ms=3.5")
                .expectStatus(200);

        assertThat(ids(reply, "execution_id")).containsExactly(slow.toString());
        assertThat(api.get(EXECUTIONS + "?duration_min_ms=half").expectStatus(400).errorField()).isEqualTo("duration_min_ms");
    }

    // --- content types ---

    @Test
    void a_json_body_sent_as_a_form_is_read_as_json() {
        Reply created = api.send("POST", RULES, Optional.of("application/x-www-form-urlencoded"), aRule().json())
                .expectStatus(201);

        assertThat(created.data().path("name").asText()).isEqualTo("Daily digest");
    }

    @Test
    void a_body_that_is_not_json_is_still_refused() {
        Reply refused = api.send("POST", RULES, Optional.of("application/x-www-form-urlencoded"), "name=x&status=active");

        assertThat(refused.status()).isIn(400, 415);
    }

    // --- templates and open objects ---

    @Test
    void using_a_template_with_an_undeclared_variable_ignores_it_with_a_warning() {
        String id = createRule(aRule().json());
        String template = api.post(TEMPLATES, """
                {"automation_rule_id": "%s", "template_name": "Plain", "category": "tickets"}""".formatted(id))
                .expectStatus(201).data().path("template_id").asText();

        Reply used = api.post(TEMPLATES + "/" + template + "/use", "{\"variables\": {\"colour\": \"red\"}}")
                .expectStatus(201);
        Reply strict = api.post(TEMPLATES + "/" + template + "/use?fieldValidation=Strict",
                "{\"variables\": {\"colour\": \"red\"}}").expectStatus(400);

        assertThat(used.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"variables.colour\\\"\"");
        assertThat(strict.errorField()).isEqualTo("variables.colour");
    }

    @Test
    void open_objects_accept_unknown_keys_with_a_warning_and_keep_checking_known_ones() {
        Reply created = api.post(RULES, aRule().set("trigger_config.colour", "red")
                .set("actions[0].config.colour", "blue").set("metadata", Map.of("anything", Map.of("goes", 1))).json())
                .expectStatus(201);
        Reply badKnownKey = api.post(RULES, aRule().set("trigger_config.colour", "red")
                .set("trigger_config.schedule_type", "fortnightly").json()).expectStatus(400);
        Reply strict = api.post(RULES + "?fieldValidation=Strict", aRule().set("trigger_config.colour", "red").json())
                .expectStatus(400);

        assertThat(created.headers().allValues("Warning")).containsExactlyInAnyOrder(
                "299 - \"unknown field \\\"trigger_config.colour\\\"\"",
                "299 - \"unknown field \\\"actions[0].config.colour\\\"\"");
        assertThat(created.data().path("trigger_config").has("colour")).isFalse();
        assertThat(created.data().path("metadata").path("anything").path("goes").asInt()).isEqualTo(1);
        assertThat(badKnownKey.errorField()).isEqualTo("trigger_config.schedule_type");
        assertThat(strict.errorField()).isEqualTo("trigger_config.colour");
    }

    // --- dry runs ---

    @Test
    void a_dry_run_counts_on_the_rule_as_in_the_statistics() {
        IssuedApiKey alone = keys().adminOfNewTenant();
        Api client = as(alone.apiKey());
        String id = client.post(RULES, aRule().json()).expectStatus(201).data().path("rule_id").asText();

        client.post(RULES + "/" + id + "/execute", """
                {"automation_rule_id": "%s", "dry_run": true, "execution_data": {}}""".formatted(id)).expectStatus(201);

        assertThat(client.get(RULES + "/" + id).expectStatus(200).data().path("execution_count").asLong()).isEqualTo(1);
        assertThat(client.get(API + "/statistics").expectStatus(200).data().path("total_executions").asLong())
                .isEqualTo(1);
    }

    private String createRule(String body) {
        return api.post(RULES, body).expectStatus(201).data().path("rule_id").asText();
    }

    private static String executeBody(String ruleId) {
        return """
                {"automation_rule_id": "%s", "execution_data": {"ticket": {"priority": "P1"}}}""".formatted(ruleId);
    }

    private static List<String> ids(Reply list) {
        return ids(list, "rule_id");
    }

    private static List<String> ids(Reply list, String field) {
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(item -> ids.add(item.path(field).asText()));
        return ids;
    }

    private static JsonNode link(String href, String method, String rel) {
        return JSON.createObjectNode().put("href", href).put("method", method).put("rel", rel);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
