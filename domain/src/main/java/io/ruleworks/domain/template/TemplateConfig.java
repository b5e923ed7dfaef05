package io.ruleworks.domain.template;

import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.shared.Violations;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A template's rule blueprint ({@code template_config}): a rule's definition in the API's JSON
 * shape without is_template and template_category, and the way back to a rule draft once
 * variables have been substituted into it.
 */
public final class TemplateConfig {

    private TemplateConfig() {
    }

    /** The definition as the rule API returns it, minus is_template and template_category. */
    public static Map<String, Object> of(RuleDefinition d) {
        RuleDraft draft = d.toDraft();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", d.name());
        d.description().ifPresent(s -> config.put("description", s));
        config.put("status", d.status().wire());
        config.put("priority", d.priority().wire());
        config.put("trigger_type", d.triggerType().wire());
        config.put("trigger_config", draft.triggerConfig().orElseThrow());
        config.put("conditions", draft.conditions().orElseThrow());
        config.put("condition_logic", d.conditionLogic().wire());
        config.put("actions", draft.actions().orElseThrow());
        config.put("max_concurrent_executions", d.maxConcurrentExecutions());
        config.put("execution_timeout_minutes", d.executionTimeoutMinutes());
        config.put("retry_failed_executions", d.retryFailedExecutions());
        config.put("tags", d.tags());
        config.put("metadata", d.metadata());
        config.put("notification_settings", draft.notificationSettings().orElseThrow());
        return config;
    }

    /** A rule draft from a (substituted) configuration; a member of the wrong JSON type is reported at its path. */
    @SuppressWarnings("unchecked")
    public static RuleDraft toDraft(Map<String, Object> config, Violations v) {
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                v.add(key, "is not a rule field");
            }
        }
        return new RuleDraft(text(config, "name", v), text(config, "description", v), text(config, "status", v),
                text(config, "priority", v), text(config, "trigger_type", v),
                typed(config, "trigger_config", Map.class, "an object", v).map(m -> (Map<String, Object>) m),
                typed(config, "conditions", List.class, "an array", v).map(l -> (List<Object>) l),
                text(config, "condition_logic", v),
                typed(config, "actions", List.class, "an array", v).map(l -> (List<Object>) l),
                integer(config, "max_concurrent_executions", v), integer(config, "execution_timeout_minutes", v),
                typed(config, "retry_failed_executions", Boolean.class, "true or false", v),
                Optional.empty(), Optional.empty(), tags(config, v),
                typed(config, "metadata", Map.class, "an object", v).map(m -> (Map<String, Object>) m),
                typed(config, "notification_settings", Map.class, "an object", v).map(m -> (Map<String, Object>) m));
    }

    private static final List<String> KEYS = List.of("name", "description", "status", "priority", "trigger_type",
            "trigger_config", "conditions", "condition_logic", "actions", "max_concurrent_executions",
            "execution_timeout_minutes", "retry_failed_executions", "tags", "metadata", "notification_settings");

    private static Optional<String> text(Map<String, Object> config, String key, Violations v) {
        return typed(config, key, String.class, "a string", v);
    }

    private static <T> Optional<T> typed(Map<String, Object> config, String key, Class<T> type, String what,
                                         Violations v) {
        Object value = config.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            v.add(key, "must be " + what);
            return Optional.empty();
        }
        return Optional.of(type.cast(value));
    }

    private static Optional<Long> integer(Map<String, Object> config, String key, Violations v) {
        Object value = config.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n && !(value instanceof Boolean)) {
            BigDecimal d = new BigDecimal(n.toString());
            if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                return Optional.of(d.longValue());
            }
        }
        v.add(key, "must be an integer");
        return Optional.empty();
    }

    private static Optional<List<String>> tags(Map<String, Object> config, Violations v) {
        Object value = config.get("tags");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            v.add("tags", "must be an array");
            return Optional.empty();
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String s) {
                tags.add(s);
            } else {
                v.add(Violations.index("tags", i), "must be a string");
            }
        }
        return Optional.of(tags);
    }
}
