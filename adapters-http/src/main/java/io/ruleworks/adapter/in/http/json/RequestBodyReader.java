package io.ruleworks.adapter.in.http.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ruleworks.adapter.in.http.fieldvalidation.FieldValidation;
import io.ruleworks.adapter.in.http.fieldvalidation.FieldWarnings;
import io.ruleworks.adapter.in.http.fieldvalidation.UnknownFields;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.ValidationException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a JSON request body against a schema of the contract
 * ({@code contract/alga-automation-openapi.json}, vendored from ../shared/contract), tightened so
 * that every object with declared properties rejects unknown ones. Every problem becomes a
 * ValidationException with the field path as the client wrote it ({@code actions[1].config.url}).
 */
@Singleton
public class RequestBodyReader {

    public static final String CONTRACT = "contract/alga-automation-openapi.json";
    /** Schemas of our own endpoints, beside the contract's (a name there must not clash with the contract's). */
    public static final String EXTENSIONS = "contract/ruleworks-extensions.json";
    private static final int MAX_NESTING = 64;
    /** Why text with U+0000 is refused, in bodies and query parameters alike. */
    public static final String NUL_MESSAGE = StorableJson.NUL_MESSAGE;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private final ObjectNode schemas;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(true)
            .build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final ResourceEchoes echoes;
    private final UnknownFields unknownFields;

    public RequestBodyReader() {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException("contract missing from the classpath: " + CONTRACT);
            }
            JsonNode contract = mapper.readTree(in);
            this.schemas = (ObjectNode) contract.path("components").path("schemas");
            extend(schemas);
            ownSchemas().fields().forEachRemaining(own -> {
                if (schemas.has(own.getKey())) {
                    throw new IllegalStateException("schema " + own.getKey() + " is already in the contract");
                }
                schemas.set(own.getKey(), own.getValue());
            });
            schemas.forEach(RequestBodyReader::closeObjects);
            this.echoes = new ResourceEchoes(schemas);
            this.unknownFields = new UnknownFields(schemas::get);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode ownSchemas() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(EXTENSIONS)) {
            if (in == null) {
                throw new IllegalStateException("schemas missing from the classpath: " + EXTENSIONS);
            }
            return mapper.readTree(in).path("components").path("schemas");
        }
    }

    /** Parses {@code body}, validates it against the contract schema {@code schemaName}, and binds it to {@code type}. */
    public <T> T read(String body, String schemaName, Class<T> type) {
        return read(body, schemaName, type, OpenObjects.NONE);
    }

    /**
     * As {@link #read(String, String, Class)}, with the schemas of open objects inside the body
     * ({@code trigger_config}, action configs) whose undeclared members the field validation mode
     * also governs.
     */
    public <T> T read(String body, String schemaName, Class<T> type, OpenObjects openObjects) {
        return bind(parseObject(body), schemaName, type, openObjects);
    }

    /** Parses {@code body} as a JSON object (no validation against a schema yet). */
    public ObjectNode parseObject(String body) {
        return (ObjectNode) parse(body);
    }

    /**
     * Validates the parsed {@code node} against the contract schema {@code schemaName} under this
     * request's field validation mode and binds it to {@code type}. First, the resource's own
     * read-only members sent back (a rule's {@code rule_id}, {@code created_at}, {@code _links}...)
     * and the nulls the resource shows for unset nullable fields are dropped in every mode; then
     * members the schema does not declare are refused (Strict) or dropped with a warning (Warn) or
     * silently (Ignore); everything that remains is validated in full.
     */
    public <T> T bind(ObjectNode node, String schemaName, Class<T> type, OpenObjects openObjects) {
        FieldWarnings warnings = FieldWarnings.current();
        echoes.drop(schemaName, node);
        if (warnings.mode() != FieldValidation.STRICT) {
            List<UnknownFields.Unknown> unknown = new java.util.ArrayList<>(
                    unknownFields.find(node, schemas.get(schemaName), ""));
            for (OpenObjects.OpenObject open : openObjects.of(node)) {
                unknown.addAll(unknownFields.find(open.value(), open.schema(), open.path()));
            }
            warnings.unknown(unknown.stream().map(UnknownFields.Unknown::path).toList(), "field", "is not a known field");
            UnknownFields.remove(unknown);
        }
        List<FieldViolation> violations = schema(schemaName).validate(node).stream()
                .sorted(Comparator.comparing(ValidationMessage::getInstanceLocation, Comparator.comparing(Object::toString)))
                .map(RequestBodyReader::toViolation)
                .distinct()
                .toList();
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException m ? fieldOf(m.getPath()) : "body";
            throw ValidationException.of(field, "does not match the expected shape: " + e.getOriginalMessage());
        }
    }

    /** The JSON tree of {@code value} (a map of a schema, a DTO), as this reader's mapper writes it. */
    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    /**
     * Parses a body of one of our extensions (not in the contract): a JSON object whose keys are
     * among {@code allowed}; others are refused or dropped as the field validation mode says.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> readObject(String body, Set<String> allowed) {
        ObjectNode node = (ObjectNode) parse(body);
        List<String> unknown = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        FieldWarnings.current().unknown(unknown, "field", "is not a known field");
        unknown.forEach(node::remove);
        return mapper.convertValue(node, Map.class);
    }

    /** The client's path ({@code actions[0].order}) of a value that could not be bound; "body" at the top. */
    private static String fieldOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ValidationException.of("body", "is required");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw ValidationException.of("body", "must be a JSON object");
            }
            List<FieldViolation> unstorable = StorableJson.violations(node);
            if (!unstorable.isEmpty()) {
                throw new ValidationException(unstorable);
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ValidationException.of("body", "is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private JsonSchema schema(String name) {
        return compiled.computeIfAbsent(name, n -> {
            if (!schemas.has(n)) {
                throw new IllegalArgumentException("no schema " + n + " in the contract");
            }
            ObjectNode root = mapper.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/$defs/" + n);
            root.set("$defs", schemas);
            String text = root.toString().replace("#/components/schemas/", "#/$defs/");
            return factory.getSchema(text, InputFormat.JSON, config);
        });
    }

    /**
     * Our documented extensions of request schemas (docs/api.md): a template created from a rule
     * may also carry icon, version, compatible_versions and is_featured, and each of its variables
     * default_value, options and validation {min, max, pattern} as AutomationTemplateVariable has them;
     * a rule may carry execution_retention_days (0 clears it).
     */
    private static void extend(ObjectNode schemas) {
        for (String rule : List.of("CreateAutomationRuleRequest", "UpdateAutomationRuleRequest")) {
            if (schemas.path(rule).path("properties") instanceof ObjectNode properties) {
                properties.putObject("execution_retention_days").put("type", "integer").put("minimum", 0)
                        .put("maximum", 3650);
            }
        }
        // GET shows it as null when unset: a client sending the rule back (get-modify-put) echoes that null
        if (schemas.path("AutomationRule").path("properties") instanceof ObjectNode resource) {
            resource.putObject("execution_retention_days").putArray("type").add("integer").add("null");
        }
        ObjectNode create = (ObjectNode) schemas.path("CreateAutomationTemplateRequest").path("properties");
        ObjectNode variable = (ObjectNode) schemas.path("AutomationTemplateVariable").path("properties");
        if (create.isMissingNode() || variable.isMissingNode()) {
            return;
        }
        create.putObject("icon").put("type", "string").put("minLength", 1).put("maxLength", 255);
        create.putObject("version").put("type", "string").put("minLength", 1).put("maxLength", 50);
        ObjectNode versions = create.putObject("compatible_versions").put("type", "array").put("maxItems", 20);
        versions.putObject("items").put("type", "string").put("minLength", 1).put("maxLength", 50);
        create.putObject("is_featured").put("type", "boolean");
        ObjectNode items = (ObjectNode) create.path("template_variables").path("items").path("properties");
        items.putObject("default_value");
        items.set("options", variable.path("options").deepCopy());
        ObjectNode validation = variable.path("validation").deepCopy();
        ((ObjectNode) validation.path("properties")).remove("custom_validator");
        items.set("validation", validation);
    }

    /** Objects that declare properties accept no others; open objects ({@code additionalProperties: {}}) stay open. */
    private static void closeObjects(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                closeObjects(it.next());
            }
        } else if (node.isArray()) {
            node.forEach(RequestBodyReader::closeObjects);
        }
    }

    private static final Set<String> PROPERTY_ERRORS = Set.of("required", "additionalProperties");

    static FieldViolation toViolation(ValidationMessage m) {
        String path = m.getInstanceLocation().toString();
        path = path.equals("$") ? "" : path.replaceFirst("^\\$\\.?", "");
        if (PROPERTY_ERRORS.contains(m.getType()) && m.getProperty() != null) {
            path = path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
        }
        String message = switch (m.getType()) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            default -> stripPath(m.getMessage());
        };
        return new FieldViolation(path.isEmpty() ? "body" : path, message, ZOD_CODES.getOrDefault(m.getType(), "custom"));
    }

    /** The zod issue code (what Alga PSA reports) of each JSON Schema keyword's failure. */
    private static final Map<String, String> ZOD_CODES = Map.ofEntries(
            Map.entry("required", "invalid_type"), Map.entry("type", "invalid_type"),
            Map.entry("additionalProperties", "unrecognized_keys"), Map.entry("enum", "invalid_enum_value"),
            Map.entry("const", "invalid_literal"),
            Map.entry("minLength", "too_small"), Map.entry("minItems", "too_small"), Map.entry("minimum", "too_small"),
            Map.entry("exclusiveMinimum", "too_small"), Map.entry("minProperties", "too_small"),
            Map.entry("maxLength", "too_big"), Map.entry("maxItems", "too_big"), Map.entry("maximum", "too_big"),
            Map.entry("exclusiveMaximum", "too_big"), Map.entry("maxProperties", "too_big"),
            Map.entry("format", "invalid_string"), Map.entry("pattern", "invalid_string"));

    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }
}
