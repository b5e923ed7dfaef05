package io.ruleworks.adapter.in.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client sends back of a resource it read (get-modify-put): the resource's read-only
 * members (those of the resource schema that the request schema does not have: ids, tenant,
 * timestamps, counters, statistics, {@code _links}) and the {@code null} the resource shows for
 * an unset nullable field. Both are dropped from the request in every field validation mode:
 * accepted silently, never written.
 */
final class ResourceEchoes {

    /** Request schema -> the schema of the resource it writes. */
    private static final Map<String, String> RESOURCE_OF = Map.of(
            "CreateAutomationRuleRequest", "AutomationRule",
            "UpdateAutomationRuleRequest", "AutomationRule");

    private final Map<String, Set<String>> readOnly = new java.util.HashMap<>();
    private final Map<String, Set<String>> nullable = new java.util.HashMap<>();

    ResourceEchoes(ObjectNode schemas) {
        RESOURCE_OF.forEach((request, resource) -> {
            JsonNode requestProperties = schemas.path(request).path("properties");
            JsonNode resourceProperties = schemas.path(resource).path("properties");
            Set<String> ownOnly = new LinkedHashSet<>();
            Set<String> nulls = new LinkedHashSet<>();
            resourceProperties.properties().forEach(p -> {
                if (!requestProperties.has(p.getKey())) {
                    ownOnly.add(p.getKey());
                } else if (admitsNull(p.getValue())) {
                    nulls.add(p.getKey());
                }
            });
            readOnly.put(request, Set.copyOf(ownOnly));
            nullable.put(request, Set.copyOf(nulls));
        });
    }

    /** Removes from {@code body} (a request of {@code requestSchema}) what is only the resource echoed back. */
    void drop(String requestSchema, ObjectNode body) {
        readOnly.getOrDefault(requestSchema, Set.of()).forEach(body::remove);
        for (String field : nullable.getOrDefault(requestSchema, Set.of())) {
            if (body.has(field) && body.get(field).isNull()) {
                body.remove(field);
            }
        }
    }

    /** The read-only members of the resource that {@code requestSchema} writes. */
    Set<String> readOnly(String requestSchema) {
        return readOnly.getOrDefault(requestSchema, Set.of());
    }

    private static boolean admitsNull(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if ("null".equals(t.asText())) {
                    return true;
                }
            }
        }
        return List.of("null").contains(type.asText());
    }
}
