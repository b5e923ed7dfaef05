package io.ruleworks.adapter.in.http.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The open objects inside a request body (typed {@code additionalProperties: {}} by the contract)
 * that nevertheless have a schema of their own, such as a rule's {@code trigger_config} per
 * trigger type: their undeclared members are governed by the field validation mode like the
 * body's own, their declared ones keep their checks.
 */
@FunctionalInterface
public interface OpenObjects {

    /** No open object has a schema. */
    OpenObjects NONE = body -> List.of();

    /** One open object: its value in the body, its schema, its path in the client's notation. */
    record OpenObject(JsonNode value, JsonNode schema, String path) {
    }

    List<OpenObject> of(JsonNode body);
}
