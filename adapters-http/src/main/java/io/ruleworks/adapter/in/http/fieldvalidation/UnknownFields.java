package io.ruleworks.adapter.in.http.fieldvalidation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds, and can remove, the members of a JSON value that its JSON Schema does not declare: the
 * members of an object whose schema is closed ({@code additionalProperties: false}) that are not
 * among its {@code properties}, at any depth (through {@code properties}, {@code items},
 * {@code additionalProperties} schemas, {@code $ref}, and the {@code anyOf}/{@code oneOf}
 * alternative of the value's own JSON type). Nothing else is judged: values keep their full
 * validation by the schema validator.
 */
public final class UnknownFields {

    /** One undeclared member: its path in the client's notation ({@code actions[0].config.nmae}). */
    public record Unknown(String path, ObjectNode parent, String key) {
    }

    private final Function<String, JsonNode> definitions;

    /** {@code definitions} resolves the name at the end of a {@code $ref} ({@code #/$defs/Name}) to its schema. */
    public UnknownFields(Function<String, JsonNode> definitions) {
        this.definitions = definitions;
    }

    /** Every undeclared member of {@code value} under {@code schema}, {@code path} being the value's own path ("" at the top). */
    public List<Unknown> find(JsonNode value, JsonNode schema, String path) {
        List<Unknown> found = new ArrayList<>();
        walk(value, schema, path, found, 0);
        return found;
    }

    /** Removes what {@link #find} found. */
    public static void remove(List<Unknown> unknown) {
        unknown.forEach(u -> u.parent().remove(u.key()));
    }

    private void walk(JsonNode value, JsonNode schema, String path, List<Unknown> found, int depth) {
        if (schema == null || !schema.isObject() || depth > 100) {
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            walk(value, definitions.apply(ref.substring(ref.lastIndexOf('/') + 1)), path, found, depth + 1);
            return;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                for (JsonNode alternative : schema.get(combinator)) {
                    if (admitsTypeOf(resolve(alternative), value)) {
                        walk(value, alternative, path, found, depth + 1);
                        break;
                    }
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                String at = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
                if (properties.has(member.getKey())) {
                    walk(member.getValue(), properties.get(member.getKey()), at, found, depth + 1);
                } else if (additional.isBoolean() && !additional.asBoolean()) {
                    found.add(new Unknown(at, (ObjectNode) value, member.getKey()));
                } else if (additional.isObject()) {
                    walk(member.getValue(), additional, at, found, depth + 1);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), schema.get("items"), path + "[" + i + "]", found, depth + 1);
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode resolved = schema;
        for (int i = 0; i < 10 && resolved.has("$ref"); i++) {
            String ref = resolved.get("$ref").asText();
            resolved = definitions.apply(ref.substring(ref.lastIndexOf('/') + 1));
            if (resolved == null) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
        }
        return resolved;
    }

    private static boolean admitsTypeOf(JsonNode schema, JsonNode value) {
        String type = value.isObject() ? "object" : value.isArray() ? "array" : null;
        if (type == null) {
            return false;
        }
        JsonNode declared = schema.path("type");
        if (declared.isTextual()) {
            return declared.asText().equals(type);
        }
        if (declared.isArray()) {
            for (JsonNode t : declared) {
                if (t.asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return schema.has(type.equals("object") ? "properties" : "items");
    }
}
