package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ruleworks.bootstrap.http.support.ContractSchemas;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ContractSchemasTest {

    private static final String VENDORED = "adapters-http/src/main/resources/contract/alga-automation-openapi.json";
    private static final String SHARED = "../shared/contract/alga-automation-openapi.json";

    private static final String VALID_RULE = """
            {"data": {"rule_id": "6f1c2a4e-9b1d-4c8e-8a55-0d5b3f1e2a77", "tenant": "0b7e4c1a-2f3d-4e5f-9a8b-7c6d5e4f3a2b",
                      "name": "Daily digest", "description": null, "status": "draft", "priority": "normal",
                      "trigger_type": "manual", "trigger_config": {},
                      "actions": [{"type": "webhook_call", "config": {"url": "https://hooks.example.com"}, "order": 1}],
                      "created_at": "2026-01-31T09:00:00.123456Z", "last_executed": null}}
            """;

    private final ContractSchemas contract = ContractSchemas.get();

    @Test
    void vendored_contract_is_the_shared_contract_with_only_the_documented_deviations() throws IOException {
        Path root = repositoryRoot();
        Path shared = root.resolve(SHARED).normalize();
        assumeTrue(Files.exists(shared), "no shared contract at " + shared);
        ObjectMapper json = new ObjectMapper();

        JsonNode expected = withDocumentedDeviations(json.readTree(shared.toFile()));

        assertThat(json.readTree(root.resolve(VENDORED).toFile())).isEqualTo(expected);
    }

    @Test
    void the_vendored_contract_accepts_condition_logic_not_as_alga_does() throws IOException {
        JsonNode vendored = new ObjectMapper().readTree(repositoryRoot().resolve(VENDORED).toFile());
        JsonNode schemas = vendored.path("components").path("schemas");

        for (String schema : List.of("CreateAutomationRuleRequest", "UpdateAutomationRuleRequest", "AutomationRule")) {
            assertThat(schemas.path(schema).path("properties").path("condition_logic").path("enum"))
                    .as(schema).extracting(JsonNode::asText).containsExactly("and", "or", "not");
        }
    }

    /**
     * docs/api.md "Deviations from the published contract": Alga's server validates
     * condition_logic as and, or or not; the published enum lists and and or only.
     */
    private static JsonNode withDocumentedDeviations(JsonNode contract) {
        contract.findParents("condition_logic").forEach(parent -> {
            JsonNode values = parent.path("condition_logic").path("enum");
            if (values instanceof ArrayNode list && list.toString().equals("[\"and\",\"or\"]")) {
                list.add("not");
            }
        });
        return contract;
    }

    @Test
    void tests_validate_against_the_vendored_contract() throws IOException {
        try (InputStream onClasspath = getClass().getClassLoader().getResourceAsStream(ContractSchemas.RESOURCE)) {
            assertThat(onClasspath).isNotNull();
            assertThat(onClasspath.readAllBytes()).isEqualTo(Files.readAllBytes(repositoryRoot().resolve(VENDORED)));
        }
    }

    @Test
    void a_rule_with_every_required_field_is_valid() {
        assertThat(contract.violations("AutomationRuleResponse", VALID_RULE)).isEmpty();
    }

    @Test
    void a_rule_without_rule_id_is_invalid() {
        String body = VALID_RULE.replace("\"rule_id\": \"6f1c2a4e-9b1d-4c8e-8a55-0d5b3f1e2a77\",", "");

        assertThat(contract.violations("AutomationRuleResponse", body)).singleElement().asString().contains("rule_id");
    }

    @Test
    void an_unknown_status_is_invalid() {
        String body = VALID_RULE.replace("\"draft\"", "\"paused\"");

        assertThat(contract.violations("AutomationRuleResponse", body)).singleElement().asString().contains("status");
    }

    @Test
    void formats_are_asserted() {
        String body = VALID_RULE.replace("2026-01-31T09:00:00.123456Z", "yesterday")
                .replace("6f1c2a4e-9b1d-4c8e-8a55-0d5b3f1e2a77", "rule-1");

        assertThat(contract.violations("AutomationRuleResponse", body)).hasSize(2);
    }

    @Test
    void an_error_without_a_code_is_not_the_envelope() {
        assertThatThrownBy(() -> contract.assertValid(ContractSchemas.ERROR_SCHEMA, "{\"error\":{\"message\":\"x\"}}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("code");
    }

    @Test
    void documented_responses_name_their_schema() {
        String rule = "/api/v1/automation/rules/6f1c2a4e-9b1d-4c8e-8a55-0d5b3f1e2a77";

        assertThat(contract.responseSchema("POST", "/api/v1/automation/rules", 201)).contains("AutomationRuleResponse");
        assertThat(contract.responseSchema("GET", "/api/v1/automation/rules", 200)).contains("AutomationRuleListResponse");
        assertThat(contract.responseSchema("GET", rule, 404)).contains("AutomationErrorResponse");
        assertThat(contract.responseSchema("DELETE", rule, 204)).isEqualTo(Optional.empty());
        assertThat(contract.documents("DELETE", rule, 204)).isTrue();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("adapters-http"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above the working directory").isNotNull();
        return dir;
    }
}
