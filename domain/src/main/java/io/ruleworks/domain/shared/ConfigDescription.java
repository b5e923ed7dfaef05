package io.ruleworks.domain.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a check asked of its {@link ConfigReader}s, recorded while the check runs in describing mode
 * (see {@link Violations#describing(ConfigDescription)}), and emitted as a JSON Schema 2020-12.
 * The schema is therefore the check's own description of its input: the fields it reads, their
 * types, bounds, enums, which are required, which may be null or hold a {@code {{template}}}, and
 * whether unknown keys are refused. Rules that depend on several fields' values (a field required
 * only for one operation, an end date after a start date) stay in the check alone: the schema
 * accepts a superset of what the check accepts, never less.
 */
public final class ConfigDescription {

    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    /** What a string holding a template looks like; its rendered value is checked when the action runs. */
    public static final String TEMPLATE_PATTERN = "\\{\\{";

    private final Map<String, ObjectShape> objects = new LinkedHashMap<>();

    /** The object read at {@code path} (list items normalised to {@code path[]}), created on first use. */
    ObjectShape objectAt(String path) {
        return objects.computeIfAbsent(normalise(path), p -> new ObjectShape());
    }

    /** The JSON Schema of the object read at the root path {@code ""}. */
    public Map<String, Object> jsonSchema(String title) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", DIALECT);
        schema.put("title", title);
        schema.putAll(objectSchema(""));
        return schema;
    }

    private Map<String, Object> objectSchema(String path) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        ObjectShape shape = objects.get(path);
        if (shape == null) {
            return schema;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        shape.fields.forEach((key, field) -> {
            properties.put(key, fieldSchema(Violations.child(path, key), field));
            if (field.required) {
                required.add(key);
            }
        });
        if (!properties.isEmpty()) {
            schema.put("properties", properties);
        }
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        if (shape.closed) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private Map<String, Object> fieldSchema(String path, FieldShape field) {
        if (field.refused != null) {
            return new LinkedHashMap<>(Map.of("type", "null", "description", field.refused));
        }
        Map<String, Object> base = new LinkedHashMap<>();
        if ("object".equals(field.type) && objects.containsKey(path)) {
            base.putAll(objectSchema(path));
        } else if (field.type != null) {
            base.put("type", field.type);
        }
        base.putAll(field.keywords);
        if ("array".equals(field.type) && !base.containsKey("items") && objects.containsKey(path + "[]")) {
            base.put("items", objectSchema(path + "[]"));
        }
        List<Map<String, Object>> alternatives = new ArrayList<>();
        alternatives.add(base);
        if (field.templatable && !"string".equals(field.type)) {
            alternatives.add(new LinkedHashMap<>(Map.of("type", "string", "pattern", TEMPLATE_PATTERN)));
        }
        boolean nullable = !field.required && !field.nullRefused;
        // Keywords other than type (lengths, patterns, anyOf of string checks) only constrain values of
        // their own type, so adding "null" to type admits null without weakening them.
        if (alternatives.size() == 1 && base.get("type") instanceof String type) {
            if (nullable) {
                base.put("type", List.of(type, "null"));
            }
            return base;
        }
        if (base.isEmpty()) {
            return base; // any JSON value, null included
        }
        if (nullable) {
            alternatives.add(new LinkedHashMap<>(Map.of("type", "null")));
        }
        return new LinkedHashMap<>(Map.of("anyOf", alternatives));
    }

    /** {@code actions[0].to[3]} and {@code actions[1].to[0]} describe the same place: {@code actions[].to[]}. */
    static String normalise(String path) {
        return path.replaceAll("\\[\\d+]", "[]");
    }

    /** One object a reader was created for. */
    static final class ObjectShape {
        private final Map<String, FieldShape> fields = new LinkedHashMap<>();
        private boolean closed;

        FieldShape field(String key) {
            return fields.computeIfAbsent(key, k -> new FieldShape());
        }

        void close() {
            closed = true;
        }
    }

    /** One key of an object: the last typed read decides its type; bounds accumulate. */
    static final class FieldShape {
        private String type;
        private final Map<String, Object> keywords = new LinkedHashMap<>();
        private boolean required;
        private boolean nullRefused;
        private boolean templatable;
        private String refused;

        FieldShape type(String jsonType) {
            this.type = jsonType;
            return this;
        }

        FieldShape keyword(String name, Object value) {
            keywords.put(name, value);
            return this;
        }

        FieldShape keywords(Map<String, Object> more) {
            keywords.putAll(more);
            return this;
        }

        FieldShape enumOf(Iterable<String> values) {
            TreeSet<String> sorted = new TreeSet<>();
            values.forEach(sorted::add);
            return keyword("enum", List.copyOf(sorted));
        }

        FieldShape required() {
            required = true;
            return this;
        }

        FieldShape nullRefused() {
            nullRefused = true;
            return this;
        }

        FieldShape templatable() {
            templatable = true;
            return this;
        }

        FieldShape refused(String why) {
            refused = why;
            return this;
        }
    }
}
