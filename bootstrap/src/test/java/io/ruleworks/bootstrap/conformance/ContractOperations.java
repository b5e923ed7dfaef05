package io.ruleworks.bootstrap.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleworks.bootstrap.http.support.ContractSchemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operations of the contract ({@code contract/alga-automation-openapi.json} on the classpath,
 * the copy the service reads), as the conformance suite and the fuzzer iterate over them: nothing
 * here is written by hand, so an operation added to the contract is noticed.
 */
final class ContractOperations {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNode CONTRACT = load();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private ContractOperations() {
    }

    /** One method on one path of the contract. */
    record Operation(String method, String path, JsonNode node) {

        /** "GET /api/v1/automation/rules/{id}": how tables in the tests name an operation. */
        String key() {
            return method + " " + path;
        }

        /** The path with {@code {id}} replaced. */
        String path(String id) {
            return path.replace("{id}", id);
        }

        boolean hasPathId() {
            return path.contains("{id}");
        }

        /** The status codes the contract lists for this operation. */
        Set<Integer> statuses() {
            Set<Integer> statuses = new TreeSet<>();
            node.path("responses").fieldNames().forEachRemaining(s -> statuses.add(Integer.parseInt(s)));
            return statuses;
        }

        boolean documents(int status) {
            return node.path("responses").has(String.valueOf(status));
        }

        /** The one success status the contract lists (200, 201 or 204). */
        int successStatus() {
            return statuses().stream().filter(s -> s >= 200 && s < 300).findFirst()
                    .orElseThrow(() -> new IllegalStateException(key() + " documents no success status"));
        }

        /** The permission the contract requires ({@code x-rbac-resource}:{@code x-rbac-action}). */
        String permission() {
            JsonNode extensions = node.path("extensions");
            return extensions.path("x-rbac-resource").asText() + ":" + extensions.path("x-rbac-action").asText();
        }

        /** The request body's schema, $ref resolved, if the operation takes a JSON body. */
        Optional<JsonNode> requestSchema() {
            JsonNode schema = node.path("requestBody").path("content").path("application/json").path("schema");
            return schema.isMissingNode() ? Optional.empty() : Optional.of(resolve(schema));
        }

        /** The name of the request body's schema in components/schemas. */
        Optional<String> requestSchemaName() {
            String ref = node.path("requestBody").path("content").path("application/json").path("schema")
                    .path("$ref").asText("");
            return ref.isEmpty() ? Optional.empty() : Optional.of(ref.substring(ref.lastIndexOf('/') + 1));
        }

        /** The query parameters the contract declares. */
        List<JsonNode> queryParameters() {
            List<JsonNode> parameters = new ArrayList<>();
            node.path("parameters").forEach(p -> {
                if ("query".equals(p.path("in").asText())) {
                    parameters.add(p);
                }
            });
            return parameters;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** Every operation of the contract, in the contract's order. */
    static List<Operation> all() {
        List<Operation> operations = new ArrayList<>();
        CONTRACT.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (METHODS.contains(method.getKey())) {
                operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue()));
            }
        }));
        return List.copyOf(operations);
    }

    static Operation get(String key) {
        return all().stream().filter(op -> op.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the contract has no operation " + key));
    }

    /** {@code schema} with a top-level {@code $ref} into components/schemas followed (repeatedly). */
    static JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            current = CONTRACT.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("unresolvable " + ref);
            }
        }
        return current;
    }

    private static JsonNode load() {
        try (InputStream in = ContractOperations.class.getClassLoader().getResourceAsStream(ContractSchemas.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("contract missing from the test classpath: " + ContractSchemas.RESOURCE);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
