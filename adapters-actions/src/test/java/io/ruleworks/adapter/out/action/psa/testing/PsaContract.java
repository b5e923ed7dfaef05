package io.ruleworks.adapter.out.action.psa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Checks a request against the PSA contract ({@code contract/alga-psa-targets-openapi.json}, a copy
 * of the shared contract): the operation exists, UUID path parameters are UUIDs, the ApiKeyAuth
 * header is present, and the JSON body is valid against the operation's request schema (JSON Schema
 * 2020-12, formats asserted). Tightened like our own API: an object schema that declares
 * properties without saying anything about others allows no others, so a misspelt or invented
 * field fails the test instead of being ignored by the PSA.
 */
public final class PsaContract {

    public static final String RESOURCE = "contract/alga-psa-targets-openapi.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PsaContract INSTANCE = new PsaContract();

    private final JsonNode contract;
    private final ObjectNode schemas;
    private final String apiKeyHeader;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH).formatAssertionsEnabled(true).build();

    private PsaContract() {
        try (InputStream in = PsaContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("PSA contract missing from the test classpath: " + RESOURCE);
            }
            contract = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        schemas = (ObjectNode) contract.path("components").path("schemas").deepCopy();
        schemas.forEach(PsaContract::tighten);
        apiKeyHeader = contract.path("components").path("securitySchemes").path("ApiKeyAuth").path("name").asText();
    }

    public static PsaContract get() {
        return INSTANCE;
    }

    /** The header the contract's ApiKeyAuth scheme names. */
    public String apiKeyHeader() {
        return apiKeyHeader;
    }

    /** Every way the request breaks the contract; empty when it conforms. */
    public List<String> violations(String method, String path, Function<String, String> header, String body) {
        List<String> problems = new ArrayList<>();
        String verb = method.toLowerCase(Locale.ROOT);
        JsonNode operation = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = contract.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String regex = entry.getKey().replaceAll("\\{[^}]+}", "([^/]+)");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(path);
            if (m.matches() && entry.getValue().has(verb)) {
                operation = entry.getValue().get(verb);
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (!isUuid(m.group(g))) {
                        problems.add("path parameter " + m.group(g) + " is not a UUID");
                    }
                }
            }
        }
        if (operation == null) {
            return List.of("no operation " + method + " " + path + " in the PSA contract");
        }
        String key = header.apply(apiKeyHeader);
        if (key == null || key.isBlank()) {
            problems.add("missing " + apiKeyHeader + " header");
        }
        JsonNode requestBody = operation.path("requestBody");
        if (!requestBody.isMissingNode()) {
            String ref = requestBody.path("content").path("application/json").path("schema").path("$ref").asText();
            String contentType = header.apply("Content-Type");
            if (contentType == null || !contentType.startsWith("application/json")) {
                problems.add("Content-Type is " + contentType + ", not application/json");
            }
            problems.addAll(bodyViolations(ref.substring(ref.lastIndexOf('/') + 1), body));
        }
        return problems;
    }

    /** The violations of {@code body} against one of the contract's schemas (tightened). */
    public List<String> bodyViolations(String schemaName, String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return List.of("body is not JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return List.of("body is empty");
        }
        return schema(schemaName).validate(node).stream().map(ValidationMessage::getMessage).toList();
    }

    private JsonSchema schema(String name) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/$defs/" + name);
        root.set("$defs", schemas);
        return factory.getSchema(root.toString().replace("#/components/schemas/", "#/$defs/"), InputFormat.JSON,
                config);
    }

    private static void tighten(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.forEach(PsaContract::tighten);
        } else if (schema.isArray()) {
            schema.forEach(PsaContract::tighten);
        }
    }

    private static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return text.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
