package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/** The template operations over real HTTP; every documented response is checked against the contract. */
@MicronautTest(transactional = false)
class TemplateHttpTest extends HttpTestBase {

    private static final String TEMPLATES = "/api/v1/automation/templates";

    private IssuedApiKey owner;
    private Api api;
    private Api otherTenant;
    private String sourceRule;

    @Override
    protected Map<String, String> settings() {
        return NO_WORKERS;
    }

    @BeforeAll
    void sourceRule() {
        owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
        otherTenant = as(keys().adminOfNewTenant().apiKey());
        sourceRule = api.post(RULES, aRule().named("Escalate").set("priority", "high")
                .set("trigger_type", "event_based").set("trigger_config", Map.of("event_type", "ticket.created"))
                .set("is_template", true).set("template_category", "tickets")
                .set("actions", List.of(Map.of("type", "email_notification", "order", 1, "config", Map.of(
                        "to", List.of("oncall@example.com"), "subject", "Escalated", "body", "Look at it")))).json())
                .expectStatus(201).data().path("rule_id").asText();
    }

    private String createBody(String name, String category) {
        return """
                {"automation_rule_id": "%s", "template_name": "%s", "template_description": "Pages on-call",
                 "category": "%s",
                 "template_variables": [
                   {"variable_name": "event", "rule_field_path": "trigger_config.event_type", "display_name": "Event",
                    "type": "string", "required": true, "validation": {"pattern": "ticket\\\\.[a-z]+"}},
                   {"variable_name": "recipient", "rule_field_path": "actions[0].config.to[0]",
                    "display_name": "Recipient", "type": "string"},
                   {"variable_name": "priority", "rule_field_path": "priority", "display_name": "Priority",
                    "type": "select", "default_value": "normal",
                    "options": [{"label": "Normal", "value": "normal"}, {"label": "High", "value": "high"},
                                {"label": "Critical", "value": "critical"}]},
                   {"variable_name": "concurrency", "rule_field_path": "max_concurrent_executions",
                    "display_name": "Concurrency", "type": "number", "validation": {"min": 1, "max": 10}}]}
                """.formatted(sourceRule, name, category);
    }

    private JsonNode createTemplate(String name, String category) {
        return api.post(TEMPLATES, createBody(name, category)).expectStatus(201).data();
    }

    private String use(String templateId, String variables) {
        return api.post(TEMPLATES + "/" + templateId + "/use", "{\"variables\": " + variables + "}")
                .expectStatus(201).data().path("rule_id").asText();
    }

    @Test
    void a_template_is_created_from_a_rule_with_its_configuration_and_variables() {
        Reply created = api.post(TEMPLATES, createBody("Escalation", "tickets")).expectStatus(201);

        JsonNode template = created.data();
        assertThat(created.header("Location")).contains(TEMPLATES + "/" + template.path("template_id").asText());
        assertThat(template.path("tenant").asText()).isEqualTo(owner.tenant().toString());
        assertThat(template.path("version").asText()).isEqualTo("1.0.0");
        assertThat(template.path("usage_count").asLong(-1)).isZero();
        assertThat(template.path("last_used").isNull()).isTrue();
        assertThat(template.path("is_active").asBoolean()).isTrue();
        assertThat(template.path("template_config").path("name").asText()).isEqualTo("Escalate");
        assertThat(template.path("template_config").has("is_template")).isFalse();
        assertThat(template.path("template_config").has("template_category")).isFalse();
        assertThat(template.path("template_variables")).hasSize(4);
        assertThat(template.path("template_variables").get(2).path("options")).hasSize(3);
        assertThat(template.path("template_variables").get(1).path("rule_field_path").asText())
                .isEqualTo("actions[0].config.to[0]");
        assertThat(api.get(TEMPLATES + "/" + template.path("template_id").asText()).expectStatus(200).data())
                .isEqualTo(template);
    }

    @Test
    void a_variable_must_point_at_a_field_of_the_rule() {
        String body = """
                {"automation_rule_id": "%s", "template_name": "Broken", "category": "tickets",
                 "template_variables": [{"variable_name": "x", "rule_field_path": "actions[4].config.to",
                                         "display_name": "X", "type": "string"}]}""".formatted(sourceRule);

        Reply refused = api.post(TEMPLATES, body).expectStatus(400);

        assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.errorField()).isEqualTo("template_variables[0].rule_field_path");
    }

    @Test
    void a_bad_create_body_is_refused_with_the_field() {
        assertThat(api.post(TEMPLATES, """
                {"automation_rule_id": "%s", "template_name": "", "category": "tickets"}""".formatted(sourceRule))
                .expectStatus(400).errorField()).isEqualTo("template_name");
        assertThat(api.post(TEMPLATES + "?fieldValidation=Strict", """
                {"automation_rule_id": "%s", "template_name": "T", "category": "tickets", "owner": "me"}"""
                .formatted(sourceRule)).expectStatus(400).errorField()).isEqualTo("owner");
        assertThat(api.post(TEMPLATES, """
                {"automation_rule_id": "nope", "template_name": "T", "category": "tickets"}""")
                .expectStatus(400).errorField()).isEqualTo("automation_rule_id");
    }

    @Test
    void another_tenants_rule_cannot_become_a_template_and_its_templates_are_not_found() {
        Reply refused = otherTenant.post(TEMPLATES, createBody("Stolen", "tickets")).expectStatus(404);
        assertThat(refused.errorCode()).isEqualTo("NOT_FOUND");

        String id = createTemplate("Mine", "tickets").path("template_id").asText();
        assertThat(otherTenant.get(TEMPLATES + "/" + id).expectStatus(404).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(otherTenant.post(TEMPLATES + "/" + id + "/use", "{\"variables\": {\"event\": \"ticket.closed\"}}")
                .expectStatus(404).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(api.get(TEMPLATES + "/" + UUID.randomUUID()).expectStatus(404).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(api.get(TEMPLATES + "/not-a-uuid").expectStatus(400).errorField()).isEqualTo("id");
        assertThat(api.get(TEMPLATES + "/" + id).data().path("usage_count").asLong()).isZero();
    }

    @Test
    void using_a_template_creates_the_substituted_rule_and_counts_the_use() {
        String id = createTemplate("Escalation to use", "tickets").path("template_id").asText();

        Reply created = api.post(TEMPLATES + "/" + id + "/use", """
                {"variables": {"event": "ticket.closed", "recipient": "noc@example.com", "concurrency": 3}}""")
                .expectStatus(201);

        JsonNode rule = created.data();
        assertThat(created.header("Location")).contains(RULES + "/" + rule.path("rule_id").asText());
        assertThat(rule.path("trigger_config").path("event_type").asText()).isEqualTo("ticket.closed");
        assertThat(rule.path("actions").get(0).path("config").path("to").get(0).asText()).isEqualTo("noc@example.com");
        assertThat(rule.path("priority").asText()).isEqualTo("normal");
        assertThat(rule.path("max_concurrent_executions").asInt()).isEqualTo(3);
        assertThat(rule.path("is_template").asBoolean(true)).isFalse();
        assertThat(api.get(RULES + "/" + rule.path("rule_id").asText()).expectStatus(200).data().path("name").asText())
                .isEqualTo("Escalate");
        JsonNode template = api.get(TEMPLATES + "/" + id).expectStatus(200).data();
        assertThat(template.path("usage_count").asLong()).isEqualTo(1);
        assertThat(template.path("last_used").isTextual()).isTrue();
    }

    @Test
    void a_webhook_rule_made_from_a_template_shows_its_new_signing_secret_once() {
        String webhookRule = api.post(RULES, aRule().named("Hooked").set("trigger_type", "webhook")
                        .set("trigger_config", Map.of()).json())
                .expectStatus(201).data().path("rule_id").asText();
        String id = api.post(TEMPLATES, """
                {"automation_rule_id": "%s", "template_name": "Hooked template", "category": "hooks",
                 "template_variables": [{"variable_name": "name", "rule_field_path": "name", "display_name": "Name",
                   "type": "string"}]}""".formatted(webhookRule)).expectStatus(201).data().path("template_id").asText();

        JsonNode created = api.post(TEMPLATES + "/" + id + "/use", "{\"variables\": {\"name\": \"From template\"}}")
                .expectStatus(201).data();

        assertThat(created.path("webhook").path("signing_secret").asText()).startsWith("whsec_");
        assertThat(api.get(RULES + "/" + created.path("rule_id").asText()).expectStatus(200).data().has("webhook"))
                .isFalse();
    }

    @Test
    void each_bad_variable_is_reported_and_nothing_is_created_or_counted() {
        String id = createTemplate("Strict", "tickets").path("template_id").asText();
        long rulesBefore = sql.queryLong("SELECT count(*) FROM automation_rules");

        Reply refused = api.post(TEMPLATES + "/" + id + "/use?fieldValidation=Strict", """
                {"variables": {"event": "order.created", "priority": "urgent", "concurrency": 11, "colour": "red"}}""")
                .expectStatus(400);

        List<String> fields = new ArrayList<>();
        refused.errorDetails().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("variables.colour", "variables.event", "variables.priority",
                "variables.concurrency");
        assertThat(api.post(TEMPLATES + "/" + id + "/use", "{\"variables\": {}}").expectStatus(400).errorField())
                .isEqualTo("variables.event");
        assertThat(sql.queryLong("SELECT count(*) FROM automation_rules")).isEqualTo(rulesBefore);
        assertThat(api.get(TEMPLATES + "/" + id).data().path("usage_count").asLong()).isZero();
    }

    @Test
    void the_substituted_rule_is_validated_like_a_new_rule() {
        String id = createTemplate("Mail", "tickets").path("template_id").asText();

        Reply refused = api.post(TEMPLATES + "/" + id + "/use", """
                {"variables": {"event": "ticket.closed", "recipient": "not an address"}}""").expectStatus(400);

        assertThat(refused.errorField()).isEqualTo("actions[0].config.to[0]");
        assertThat(api.get(TEMPLATES + "/" + id).data().path("usage_count").asLong()).isZero();
    }

    @Test
    void using_a_template_needs_the_create_permission() {
        String id = createTemplate("Guarded", "tickets").path("template_id").asText();
        Api readOnly = as(keys().without(owner.tenant(), Permission.CREATE).apiKey());

        assertThat(readOnly.post(TEMPLATES + "/" + id + "/use", "{\"variables\": {\"event\": \"ticket.closed\"}}")
                .expectStatus(403).errorDetails().path("required_permission").asText()).isEqualTo("automation:create");
        assertThat(readOnly.get(TEMPLATES + "/" + id).expectStatus(200).data().path("usage_count").asLong()).isZero();
    }

    @Test
    void concurrent_uses_are_all_counted() throws Exception {
        String id = createTemplate("Popular", "tickets").path("template_id").asText();
        int uses = 12;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < uses; i++) {
                created.add(pool.submit((Callable<String>) () -> use(id, "{\"event\": \"ticket.closed\"}")));
            }
            for (Future<String> f : created) {
                assertThat(f.get()).isNotBlank();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(api.get(TEMPLATES + "/" + id).data().path("usage_count").asLong()).isEqualTo(uses);
    }

    @Test
    void the_list_filters_sorts_and_echoes_its_filters() {
        IssuedApiKey lister = keys().adminOf(owner.tenant());
        Api list = as(lister.apiKey());
        String billing = createTemplate("Invoice reminder", "billing").path("template_id").asText();
        createTemplate("Digest", "reports");
        use(billing, "{\"event\": \"ticket.closed\"}");
        use(billing, "{\"event\": \"ticket.closed\"}");

        JsonNode page = list.get(TEMPLATES + "?category=billing").expectStatus(200).json();
        assertThat(page.path("data")).hasSize(1);
        assertThat(page.path("data").get(0).path("template_id").asText()).isEqualTo(billing);
        assertThat(page.path("meta").path("resource").asText()).isEqualTo("automation_template");
        assertThat(page.path("meta").path("filters").path("category").asText()).isEqualTo("billing");
        assertThat(list.get(TEMPLATES + "?usage_count_min=2&sort=usage_count&order=desc").json().path("data").get(0)
                .path("template_id").asText()).isEqualTo(billing);
        assertThat(list.get(TEMPLATES + "?search=INVOICE").json().path("data")).hasSize(1);
        assertThat(list.get(TEMPLATES + "?is_featured=true").json().path("data")).isEmpty();
        assertThat(list.get(TEMPLATES + "?limit=1").json().path("pagination").path("hasNext").asBoolean()).isTrue();
        assertThat(otherTenant.get(TEMPLATES).json().path("data")).isEmpty();
        assertThat(list.get(TEMPLATES + "?sort=template_config").expectStatus(400).errorField()).isEqualTo("sort");
        assertThat(list.get(TEMPLATES + "?usage_count_min=5&usage_count_max=1").expectStatus(400).errorField())
                .isEqualTo("usage_count_max");
        assertThat(list.get(TEMPLATES + "?owner=me&fieldValidation=Strict").expectStatus(400).errorField()).isEqualTo("owner");
    }
}
