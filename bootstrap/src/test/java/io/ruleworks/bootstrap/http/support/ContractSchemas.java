package io.ruleworks.bootstrap.http.support;

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
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates JSON bodies against the schemas of the contract on the classpath
 * ({@code contract/alga-automation-openapi.json}, the copy the service itself reads) with a JSON
 * Schema 2020-12 validator, format assertions on. Also answers which schema the contract names
 * for a response of a given operation and status.
 */
public final class ContractSchemas {

    public static final String RESOURCE = "contract/alga-automation-openapi.json";
    public static final String ERROR_SCHEMA = "AutomationErrorResponse";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ContractSchemas INSTANCE = new ContractSchemas();

    private final JsonNode contract;
    private final ObjectNode schemas;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(true)
            .build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private ContractSchemas() {
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("contract missing from the test classpath: " + RESOURCE);
            }
            contract = MAPPER.readTree(in);
            schemas = (ObjectNode) contract.path("components").path("schemas");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ContractSchemas get() {
        return INSTANCE;
    }

    /** Every violation of {@code schemaName} by {@code json}, as "location: message" lines; empty when valid. */
    public List<String> violations(String schemaName, String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            return List.of("$: not JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return List.of("$: empty body");
        }
        return schema(schemaName).validate(node).stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /** Fails with every violation listed unless {@code json} is a valid instance of {@code schemaName}. */
    public void assertValid(String schemaName, String json) {
        List<String> violations = violations(schemaName, json);
        if (!violations.isEmpty()) {
            throw new AssertionError("response does not match contract schema " + schemaName + ":\n  "
                    + String.join("\n  ", violations) + "\nbody: " + abbreviate(json));
        }
    }

    /**
     * The schema the contract documents for {@code status} of {@code method path} (path without
     * query), if the contract documents that response with a JSON body.
     */
    public Optional<String> responseSchema(String method, String path, int status) {
        return operation(method, path)
                .map(op -> op.path("responses").path(String.valueOf(status)))
                .map(r -> r.path("content").path("application/json").path("schema").path("$ref").asText(""))
                .filter(ref -> !ref.isEmpty())
                .map(ref -> ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** Whether the contract documents {@code status} for {@code method path} at all. */
    public boolean documents(String method, String path, int status) {
        return operation(method, path).map(op -> op.path("responses").has(String.valueOf(status))).orElse(false);
    }

    private Optional<JsonNode> operation(String method, String path) {
        JsonNode paths = contract.path("paths");
        String verb = method.toLowerCase(Locale.ROOT);
        if (paths.has(path)) {
            return Optional.ofNullable(paths.get(path).get(verb));
        }
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String template = it.next();
            if (template.contains("{") && toRegex(template).matcher(path).matches()) {
                return Optional.ofNullable(paths.get(template).get(verb));
            }
        }
        return Optional.empty();
    }

    private static Pattern toRegex(String template) {
        return Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }

    private JsonSchema schema(String name) {
        return compiled.computeIfAbsent(name, n -> {
            if (!schemas.has(n)) {
                throw new IllegalArgumentException("no schema " + n + " in the contract");
            }
            ObjectNode root = MAPPER.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/$defs/" + n);
            root.set("$defs", schemas.deepCopy());
            String text = root.toString().replace("#/components/schemas/", "#/$defs/");
            return factory.getSchema(text, InputFormat.JSON, config);
        });
    }

    private static String abbreviate(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "...";
    }
}
