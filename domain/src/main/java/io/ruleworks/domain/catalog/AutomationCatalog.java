package io.ruleworks.domain.catalog;

import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.ConditionLogic;
import io.ruleworks.domain.rule.ConditionOperator;
import io.ruleworks.domain.rule.ConfigSchemas;
import io.ruleworks.domain.rule.DataType;
import io.ruleworks.domain.rule.HttpAuthentication;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.rule.ScheduleTrigger;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.rule.WebhookTrigger;
import io.ruleworks.domain.shared.WireEnum;
import io.ruleworks.domain.template.VariableType;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static reference catalog of GET /meta: the contract's six enum lists, then (extensions) the
 * other enums a client needs to write a rule, and the JSON Schema of every trigger type's
 * trigger_config and every action type's config, generated from the checks ({@link ConfigSchemas}).
 */
public final class AutomationCatalog {

    private static final Map<String, Object> CATALOG = build();

    private AutomationCatalog() {
    }

    /** The catalog, in the wire's snake_case; built once, unmodifiable. */
    public static Map<String, Object> catalog() {
        return CATALOG;
    }

    private static Map<String, Object> build() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trigger_types", wires(TriggerType.values()));
        data.put("action_types", wires(ActionType.values()));
        data.put("rule_statuses", wires(RuleStatus.values()));
        data.put("execution_statuses", wires(ExecutionStatus.values()));
        data.put("priority_levels", wires(Priority.values()));
        data.put("condition_operators", wires(ConditionOperator.values()));
        data.put("condition_logic_operators", wires(ConditionLogic.values()));
        data.put("data_types", wires(DataType.values()));
        data.put("schedule_types", wires(ScheduleTrigger.ScheduleType.values()));
        data.put("misfire_policies", wires(ScheduleTrigger.MisfirePolicy.values()));
        data.put("http_methods", wires(WebhookTrigger.HttpMethod.values()));
        data.put("authentication_types", wires(HttpAuthentication.Type.values()));
        data.put("log_levels", wires(LogLevel.values()));
        data.put("retry_from", wires(RetryFrom.values()));
        data.put("template_variable_types", wires(VariableType.values()));
        Map<String, Object> triggers = new LinkedHashMap<>();
        Arrays.stream(TriggerType.values()).forEach(t -> triggers.put(t.wire(), ConfigSchemas.trigger(t)));
        data.put("trigger_config_schemas", Collections.unmodifiableMap(triggers));
        Map<String, Object> actions = new LinkedHashMap<>();
        Arrays.stream(ActionType.values()).forEach(a -> actions.put(a.wire(), ConfigSchemas.action(a)));
        data.put("action_config_schemas", Collections.unmodifiableMap(actions));
        return Collections.unmodifiableMap(data);
    }

    private static List<String> wires(WireEnum[] values) {
        return Arrays.stream(values).map(WireEnum::wire).toList();
    }
}
