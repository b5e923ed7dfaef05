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
import java.util.stream.IntStream;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /rules/bulk-status and /rules/bulk-execute. Workers are off: executions stay pending, so
 * what the bulk call queued can be read back exactly (and no action ever runs).
 */
@MicronautTest(transactional = false)
class BulkOperationsHttpTest extends HttpTestBase {

    private static final String BULK_STATUS = RULES + "/bulk-status";
    private static final String BULK_EXECUTE = RULES + "/bulk-execute";

    private IssuedApiKey owner;
    private Api api;
    private Api otherTenant;

    @Override
    protected Map<String, String> settings() {
        return NO_WORKERS;
    }

    @BeforeAll
    void issueKeys() {
        owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
        otherTenant = as(keys().adminOfNewTenant().apiKey());
    }

    private String rule(Api who, String status) {
        return who.post(RULES, aRule().set("status", status).json()).expectStatus(201).data().path("rule_id").asText();
    }

    private String status(String id) {
        return api.get(RULES + "/" + id).expectStatus(200).data().path("status").asText();
    }

    private static List<String> outcomes(JsonNode data) {
        List<String> outcomes = new ArrayList<>();
        data.path("results").forEach(r -> outcomes.add(r.path("error").path("code").asText(r.path("outcome").asText())));
        return outcomes;
    }

    @Test
    void bulk_status_updates_every_rule_of_the_tenant_and_reports_missing_and_foreign_ids_alike() {
        String first = rule(api, "draft");
        String second = rule(api, "inactive");
        String foreign = rule(otherTenant, "draft");
        String missing = UUID.randomUUID().toString();

        JsonNode data = api.post(BULK_STATUS, """
                {"ids": ["%s", "%s", "%s", "%s"], "status": "active"}""".formatted(first, foreign, missing, second))
                .expectStatus(200).data();

        assertThat(data.path("action").asText()).isEqualTo("bulk_status_update");
        assertThat(data.path("status").asText()).isEqualTo("active");
        assertThat(data.path("updated").asInt()).isEqualTo(2);
        assertThat(outcomes(data)).containsExactly("updated", "RULE_NOT_FOUND", "RULE_NOT_FOUND", "updated");
        assertThat(data.path("errors")).hasSize(2);
        assertThat(data.path("errors").get(0).asText()).startsWith(foreign + ": RULE_NOT_FOUND");
        assertThat(data.path("errors").get(1).asText()).startsWith(missing + ": RULE_NOT_FOUND");
        assertThat(data.path("errors").get(0).asText().substring(36))
                .isEqualTo(data.path("errors").get(1).asText().substring(36));
        assertThat(status(first)).isEqualTo("active");
        assertThat(status(second)).isEqualTo("active");
        assertThat(otherTenant.get(RULES + "/" + foreign).expectStatus(200).data().path("status").asText())
                .isEqualTo("draft");
    }

    @Test
    void bulk_status_refuses_a_bad_body_naming_the_field() {
        assertThat(api.post(BULK_STATUS, """
                {"ids": ["not-a-uuid"], "status": "active"}""").expectStatus(400).errorField()).isEqualTo("ids[0]");
        assertThat(api.post(BULK_STATUS, """
                {"ids": [], "status": "active"}""").expectStatus(400).errorField()).isEqualTo("ids");
        assertThat(api.post(BULK_STATUS, """
                {"ids": ["%s"], "status": "paused"}""".formatted(UUID.randomUUID())).expectStatus(400).errorField())
                .isEqualTo("status");
        assertThat(api.post(BULK_STATUS + "?fieldValidation=Strict", """
                {"ids": ["%s"], "status": "active", "force": true}""".formatted(UUID.randomUUID()))
                .expectStatus(400).errorField()).isEqualTo("force");
        String tooMany = String.join(",", IntStream.range(0, 101).mapToObj(i -> "\"" + UUID.randomUUID() + "\"").toList());
        assertThat(api.post(BULK_STATUS, "{\"ids\": [" + tooMany + "], \"status\": \"active\"}")
                .expectStatus(400).errorField()).isEqualTo("ids");
    }

    @Test
    void bulk_status_needs_the_update_permission() {
        String id = rule(api, "draft");
        Api reader = as(keys().without(owner.tenant(), Permission.UPDATE).apiKey());

        Reply refused = reader.post(BULK_STATUS, """
                {"ids": ["%s"], "status": "active"}""".formatted(id)).expectStatus(403);

        assertThat(refused.errorDetails().path("required_permission").asText()).isEqualTo("automation:update");
        assertThat(status(id)).isEqualTo("draft");
    }

    @Test
    void bulk_execute_starts_active_rules_and_reports_each_refusal_by_code() {
        String active = rule(api, "active");
        String inactive = rule(api, "inactive");
        String foreign = rule(otherTenant, "active");

        JsonNode data = api.post(BULK_EXECUTE, """
                {"automation_rule_ids": ["%s", "%s", "%s"], "execution_data": {"ticket": {"id": "T-9"}}}"""
                .formatted(active, inactive, foreign)).expectStatus(200).data();

        assertThat(data.path("action").asText()).isEqualTo("bulk_execute");
        assertThat(data.path("started").asInt()).isEqualTo(1);
        assertThat(data.path("sequential").asBoolean(true)).isFalse();
        assertThat(outcomes(data)).containsExactly("started", "RULE_NOT_ACTIVE", "RULE_NOT_FOUND");
        String executionId = data.path("results").get(0).path("execution_id").asText();
        JsonNode execution = api.get("/api/v1/automation/executions/" + executionId).expectStatus(200).data();
        assertThat(execution.path("automation_rule_id").asText()).isEqualTo(active);
        assertThat(execution.path("status").asText()).isEqualTo("pending");
        assertThat(execution.path("trigger_data").path("ticket").path("id").asText()).isEqualTo("T-9");
        assertThat(sql.queryLong("SELECT count(*) FROM automation_executions WHERE automation_rule_id = ?::uuid",
                foreign)).isZero();
    }

    @Test
    void bulk_execute_with_override_starts_inactive_rules() {
        String inactive = rule(api, "inactive");

        JsonNode data = api.post(BULK_EXECUTE, """
                {"automation_rule_ids": ["%s"], "override_conditions": true}""".formatted(inactive))
                .expectStatus(200).data();

        assertThat(outcomes(data)).containsExactly("started");
    }

    @Test
    void sequential_bulk_execute_chains_each_execution_to_the_previous_one() {
        String first = rule(api, "active");
        String second = rule(api, "active");

        JsonNode data = api.post(BULK_EXECUTE, """
                {"automation_rule_ids": ["%s", "%s"], "sequential_execution": true}""".formatted(first, second))
                .expectStatus(200).data();

        assertThat(data.path("sequential").asBoolean()).isTrue();
        String head = data.path("results").get(0).path("execution_id").asText();
        String tail = data.path("results").get(1).path("execution_id").asText();
        JsonNode chained = api.get("/api/v1/automation/executions/" + tail).expectStatus(200).data();
        assertThat(chained.path("execution_context").path("run_after").asText()).isEqualTo(head);
    }

    @Test
    void bulk_execute_refuses_more_than_twenty_rules_and_needs_the_execute_permission() {
        String tooMany = String.join(",", IntStream.range(0, 21).mapToObj(i -> "\"" + UUID.randomUUID() + "\"").toList());
        assertThat(api.post(BULK_EXECUTE, "{\"automation_rule_ids\": [" + tooMany + "]}").expectStatus(400).errorField())
                .isEqualTo("automation_rule_ids");
        Api noExecute = as(keys().without(owner.tenant(), Permission.EXECUTE).apiKey());
        assertThat(noExecute.post(BULK_EXECUTE, """
                {"automation_rule_ids": ["%s"]}""".formatted(rule(api, "active"))).expectStatus(403)
                .errorDetails().path("required_permission").asText()).isEqualTo("automation:execute");
    }
}
