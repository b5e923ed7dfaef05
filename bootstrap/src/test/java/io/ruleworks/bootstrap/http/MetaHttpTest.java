package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.ContractSchemas;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.TriggerType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /meta: the contract's catalog, extended with the config schemas generated from the checks. */
@MicronautTest(transactional = false)
class MetaHttpTest extends HttpTestBase {

    private static final String META = "/api/v1/automation/meta";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuedApiKey admin;

    @BeforeAll
    void issueKeys() {
        admin = keys().adminOfNewTenant();
    }

    @Test
    void the_catalog_matches_the_contracts_meta_response() {
        Reply reply = as(admin.apiKey()).get(META).expectStatus(200);

        ContractSchemas.get().assertValid("AutomationMetaResponse", reply.body());
        assertThat(reply.data().path("action_types")).hasSize(ActionType.values().length);
        assertThat(reply.data().path("priority_levels").toString()).isEqualTo("[\"low\",\"normal\",\"high\",\"critical\"]");
        assertThat(reply.data().path("schedule_types").toString()).contains("custom_cron");
    }

    @Test
    void every_trigger_and_action_type_has_its_config_schema() {
        JsonNode data = as(admin.apiKey()).get(META).expectStatus(200).data();

        Arrays.stream(TriggerType.values()).forEach(t -> assertThat(data.path("trigger_config_schemas").path(t.wire())
                .path("$schema").asText()).as(t.wire()).isEqualTo("https://json-schema.org/draft/2020-12/schema"));
        Arrays.stream(ActionType.values()).forEach(a -> assertThat(data.path("action_config_schemas").path(a.wire())
                .path("type").asText()).as(a.wire()).isEqualTo("object"));
    }

    @Test
    void a_served_schema_refuses_what_rule_creation_refuses_and_accepts_what_it_accepts() throws Exception {
        JsonNode schema = as(admin.apiKey()).get(META).expectStatus(200).data().path("action_config_schemas")
                .path("webhook_call");
        var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        JsonNode good = JSON.readTree("{\"url\": \"https://hooks.example.com/x\", \"method\": \"POST\"}");
        JsonNode bad = JSON.readTree("{\"url\": \"https://hooks.example.com/x\", \"method\": \"FETCH\"}");

        assertThat(validator.validate(good)).isEmpty();
        assertThat(validator.validate(bad)).isNotEmpty();
        as(admin.apiKey()).post(RULES, aRule().set("actions[0].config", good).json()).expectStatus(201);
        Reply refused = as(admin.apiKey()).post(RULES, aRule().set("actions[0].config", bad).json()).expectStatus(400);
        assertThat(refused.errorField()).isEqualTo("actions[0].config.method");
    }

    @Test
    void reading_the_catalog_needs_automation_read() {
        IssuedApiKey noRead = keys().without(admin.tenant(), Permission.READ);

        Reply reply = as(noRead.apiKey()).get(META).expectStatus(403);

        assertThat(reply.errorDetails().path("required_permission").asText()).isEqualTo("automation:read");
        anonymous().get(META).expectStatus(401);
    }
}
