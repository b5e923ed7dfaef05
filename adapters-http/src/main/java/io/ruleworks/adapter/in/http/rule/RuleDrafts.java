package io.ruleworks.adapter.in.http.rule;

import io.ruleworks.domain.rule.RuleDraft;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A rule draft (a rule's current definition) as the request body that would write it. */
final class RuleDrafts {

    private RuleDrafts() {
    }

    static Map<String, Object> toWire(RuleDraft d) {
        Map<String, Object> wire = new LinkedHashMap<>();
        put(wire, "name", d.name());
        put(wire, "description", d.description());
        put(wire, "status", d.status());
        put(wire, "priority", d.priority());
        put(wire, "trigger_type", d.triggerType());
        put(wire, "trigger_config", d.triggerConfig());
        put(wire, "conditions", d.conditions());
        put(wire, "condition_logic", d.conditionLogic());
        put(wire, "actions", d.actions());
        put(wire, "max_concurrent_executions", d.maxConcurrentExecutions());
        put(wire, "execution_timeout_minutes", d.executionTimeoutMinutes());
        put(wire, "retry_failed_executions", d.retryFailedExecutions());
        put(wire, "is_template", d.isTemplate());
        put(wire, "template_category", d.templateCategory());
        put(wire, "tags", d.tags());
        put(wire, "metadata", d.metadata());
        put(wire, "notification_settings", d.notificationSettings());
        put(wire, "execution_retention_days", d.executionRetentionDays());
        return wire;
    }

    private static void put(Map<String, Object> wire, String name, Optional<?> value) {
        value.ifPresent(v -> wire.put(name, v));
    }
}
