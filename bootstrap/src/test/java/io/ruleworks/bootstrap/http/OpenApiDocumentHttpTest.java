package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.bootstrap.http.support.ContractSchemas;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document generated from the controllers at build time, as the running service serves
 * it (no API key needed): OpenAPI 3.1, every API route documented with its envelope errors and the
 * contract's ApiKeyAuth scheme, and everything beyond the contract marked x-ruleworks-extension.
 */
@MicronautTest(transactional = false)
class OpenApiDocumentHttpTest extends HttpTestBase {

    private static final String API = "/api/v1/automation";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Router router;

    private JsonNode document;
    private JsonNode contract;

    @BeforeAll
    void fetchDocuments() throws IOException {
        HttpResponse<String> reply = fetch(ApiDocumentation.DOCUMENT_PATH);
        assertThat(reply.statusCode()).isEqualTo(200);
        document = JSON.valueToTree(new Yaml().load(reply.body()));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ContractSchemas.RESOURCE)) {
            contract = JSON.readTree(in);
        }
    }

    @Test
    void the_document_is_served_without_an_api_key_and_is_openapi_3_1() {
        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asText()).isEqualTo("Ruleworks automation API");
    }

    @Test
    void condition_logic_lists_not_in_requests_and_rules_as_alga_accepts_it() {
        JsonNode schemas = document.path("components").path("schemas");

        for (String schema : java.util.List.of("AutomationRuleRequest", "AutomationRuleDto")) {
            assertThat(schemas.path(schema).path("properties").path("condition_logic").path("enum"))
                    .as(schema).extracting(JsonNode::asText).containsExactly("and", "or", "not");
        }
    }

    @Test
    void every_route_the_service_serves_under_the_api_is_documented() {
        Set<String> served = router.uriRoutes()
                .filter(route -> route.getUriMatchTemplate().toPathString().startsWith(API))
                // Micronaut answers HEAD for every GET route; OpenAPI documents the GET.
                .filter(route -> route.getHttpMethod() != io.micronaut.http.HttpMethod.HEAD)
                .map(OpenApiDocumentHttpTest::operation)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(served).isNotEmpty();
        assertThat(operations(document)).containsAll(served);
        assertThat(served).containsAll(operations(document));
    }

    @Test
    void every_contract_operation_the_service_serves_keeps_the_contracts_path_and_method() {
        Set<String> contractOperations = operations(contract);
        Set<String> documented = operations(document);

        assertThat(contractOperations).contains("GET " + API + "/meta", "POST " + API + "/executions/{id}/retry");
        assertThat(documented).contains("GET " + API + "/rules", "POST " + API + "/rules/{id}/execute",
                "POST " + API + "/rules/bulk-status", "POST " + API + "/templates/{id}/use", "GET " + API + "/meta");
        assertThat(documented.stream().filter(op -> !contractOperations.contains(op)))
                .as("operations beyond the contract").allSatisfy(op ->
                        assertThat(operationNode(op).path(ApiDocumentation.EXTENSION).asBoolean())
                                .as("%s carries %s", op, ApiDocumentation.EXTENSION).isTrue());
    }

    @Test
    void every_operation_has_an_operation_id_a_success_and_the_envelope_errors() {
        for (String op : operations(document)) {
            JsonNode operation = operationNode(op);
            JsonNode responses = operation.path("responses");
            assertThat(operation.path("operationId").asText()).as(op).isNotBlank();
            assertThat(responses.fieldNames()).toIterable().as(op).anyMatch(code -> code.startsWith("2"));
            // an operation without API-key security (the signed inbound hook) has no 403
            boolean apiKey = !operation.has("security") || operation.path("security").toString()
                    .contains(ApiDocumentation.API_KEY_SCHEME);
            for (String code : apiKey ? new String[] {"401", "403", "500"} : new String[] {"401"}) {
                assertThat(errorSchema(responses.path(code))).as("%s %s", op, code).isEqualTo("#/components/schemas/ErrorResponse");
            }
            responses.fieldNames().forEachRemaining(code -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    assertThat(errorSchema(responses.path(code))).as("%s %s", op, code)
                            .isEqualTo("#/components/schemas/ErrorResponse");
                }
            });
        }
        JsonNode error = document.path("components").path("schemas").path("ErrorResponse").path("properties");
        assertThat(error.has("error")).isTrue();
    }

    @Test
    void every_operation_is_guarded_by_the_contracts_api_key_scheme() {
        JsonNode scheme = document.path("components").path("securitySchemes").path(ApiDocumentation.API_KEY_SCHEME);
        JsonNode contractScheme = contract.path("components").path("securitySchemes").path("ApiKeyAuth");

        assertThat(scheme.path("type").asText()).isEqualTo(contractScheme.path("type").asText());
        assertThat(scheme.path("in").asText()).isEqualTo(contractScheme.path("in").asText());
        assertThat(scheme.path("name").asText()).isEqualTo(contractScheme.path("name").asText());
        assertThat(document.path("security").get(0).has(ApiDocumentation.API_KEY_SCHEME)).isTrue();
    }

    @Test
    void ruleworks_extensions_within_contract_operations_are_marked() {
        assertThat(parameter("POST " + API + "/rules/{id}/execute", "Idempotency-Key").path(ApiDocumentation.EXTENSION)
                .asBoolean()).isTrue();
        assertThat(parameter("POST " + API + "/executions/{id}/retry", "Idempotency-Key").path(ApiDocumentation.EXTENSION)
                .asBoolean()).isTrue();
        assertThat(operationNode("POST " + API + "/executions/{id}/retry").path("requestBody")
                .path(ApiDocumentation.EXTENSION).asBoolean()).as("retry body {from}").isTrue();
        assertThat(operationNode("DELETE " + API + "/rules/{id}").path("responses").path("409")
                .path(ApiDocumentation.EXTENSION).asBoolean()).as("409 RULE_HAS_ACTIVE_EXECUTIONS").isTrue();
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("BulkStatusUpdateData").path("properties").path("results")
                .path(ApiDocumentation.EXTENSION).asBoolean()).as("bulk results").isTrue();
        assertThat(schemas.path("BulkExecuteData").path("properties").path("results")
                .path(ApiDocumentation.EXTENSION).asBoolean()).as("bulk results").isTrue();
        assertThat(schemas.path("AutomationMetaData").path("properties").path("action_config_schemas")
                .path(ApiDocumentation.EXTENSION).asBoolean()).as("meta config schemas").isTrue();
        assertThat(schemas.path("CreateAutomationTemplateRequest").path("properties").path("is_featured")
                .path(ApiDocumentation.EXTENSION).asBoolean()).as("template extensions").isTrue();
    }

    @Test
    void swagger_ui_is_served_without_an_api_key_and_points_at_the_document() {
        HttpResponse<String> index = fetch("/swagger-ui/index.html");
        HttpResponse<String> bundle = fetch("/swagger-ui/res/swagger-ui-bundle.js");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("SwaggerUIBundle").contains(ApiDocumentation.DOCUMENT_PATH);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).isNotEmpty();
        assertThat(fetch("/swagger-ui/").body()).as("the directory serves its index").isEqualTo(index.body());
    }

    /** A plain GET without an API key (the test client of the API insists on JSON answers). */
    private HttpResponse<String> fetch(String path) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String operation(UriRouteInfo<?, ?> route) {
        return route.getHttpMethod().name() + " " + route.getUriMatchTemplate().toPathString();
    }

    private static Set<String> operations(JsonNode openApi) {
        Set<String> operations = new TreeSet<>();
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    private JsonNode operationNode(String operation) {
        String[] parts = operation.split(" ", 2);
        return document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
    }

    private JsonNode parameter(String operation, String name) {
        for (Iterator<JsonNode> it = operationNode(operation).path("parameters").elements(); it.hasNext(); ) {
            JsonNode parameter = it.next();
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError(operation + " documents no parameter " + name);
    }

    private static String errorSchema(JsonNode response) {
        return response.path("content").path("application/json").path("schema").path("$ref").asText();
    }
}
