package io.ruleworks.adapter.in.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * JSON merge patch (RFC 7396, section 2): an object patch merges member by member, recursively;
 * a null member removes; any other value (arrays included) replaces. No JSON library in reach
 * implements it for Jackson trees, and the RFC's algorithm is these few lines.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** {@code target} with {@code patch} applied; {@code target} is modified and returned. */
    public static ObjectNode apply(JsonNode target, ObjectNode patch) {
        ObjectNode result = target instanceof ObjectNode object ? object : patch.objectNode();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            JsonNode value = member.getValue();
            if (value.isNull()) {
                result.remove(member.getKey());
            } else if (value instanceof ObjectNode objectValue) {
                result.set(member.getKey(), apply(result.path(member.getKey()), objectValue));
            } else {
                result.set(member.getKey(), value.deepCopy());
            }
        }
        return result;
    }
}
