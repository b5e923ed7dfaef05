package io.ruleworks.bootstrap.http.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds rule request bodies: a minimal valid rule, edited by paths as the API reports them
 * ({@code trigger_config.cron_expression}, {@code actions[1].config.url}).
 */
public final class RuleJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final ObjectNode root;

    private RuleJson(ObjectNode root) {
        this.root = root;
    }

    /** A daily time_based rule that calls one webhook: every required field, nothing optional. */
    public static RuleJson aRule() {
        return of("""
                {"name": "Daily digest",
                 "trigger_type": "time_based",
                 "trigger_config": {"schedule_type": "daily"},
                 "actions": [{"type": "webhook_call", "config": {"url": "https://hooks.example.com/digest"}, "order": 1}]}
                """);
    }

    public static RuleJson of(String json) {
        try {
            return new RuleJson((ObjectNode) MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An action that passes every check: a webhook call to {@code url} at {@code order}. */
    public static Map<String, Object> webhookAction(int order, String url) {
        return Map.of("type", "webhook_call", "config", Map.of("url", url), "order", order);
    }

    public RuleJson named(String name) {
        return set("name", name);
    }

    /** A copy with {@code value} (any JSON-able Java value, or a JsonNode) at {@code path}. */
    public RuleJson set(String path, Object value) {
        RuleJson copy = copy();
        List<Object> steps = steps(path);
        JsonNode parent = copy.navigate(steps.subList(0, steps.size() - 1));
        Object last = steps.getLast();
        JsonNode node = value instanceof JsonNode j ? j : MAPPER.valueToTree(value);
        if (last instanceof Integer i) {
            ArrayNode array = (ArrayNode) parent;
            if (i < array.size()) {
                array.set(i, node);
            } else {
                array.add(node);
            }
        } else {
            ((ObjectNode) parent).set((String) last, node);
        }
        return copy;
    }

    /** A copy without the member at {@code path}. */
    public RuleJson without(String path) {
        RuleJson copy = copy();
        List<Object> steps = steps(path);
        JsonNode parent = copy.navigate(steps.subList(0, steps.size() - 1));
        Object last = steps.getLast();
        if (last instanceof Integer i) {
            ((ArrayNode) parent).remove(i);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
        return copy;
    }

    public String json() {
        return root.toString();
    }

    @Override
    public String toString() {
        return json();
    }

    private RuleJson copy() {
        return new RuleJson(root.deepCopy());
    }

    private JsonNode navigate(List<Object> steps) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
            if (node == null) {
                throw new IllegalArgumentException("no " + steps + " in " + root);
            }
        }
        return node;
    }

    private static List<Object> steps(String path) {
        Matcher m = STEP.matcher(path);
        List<Object> steps = new ArrayList<>();
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : Integer.parseInt(m.group(2)));
        }
        return steps;
    }
}
