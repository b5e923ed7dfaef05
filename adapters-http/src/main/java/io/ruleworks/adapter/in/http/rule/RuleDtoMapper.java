package io.ruleworks.adapter.in.http.rule;

import io.ruleworks.adapter.in.http.WireMappings;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.rule.ActionSpec;
import io.ruleworks.domain.rule.Condition;
import io.ruleworks.domain.rule.NotificationSettings;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.TriggerConfig;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingConstants;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps request DTOs to drafts and rule details to the contract's AutomationRule. */
@Mapper(componentModel = MappingConstants.ComponentModel.JAKARTA, uses = WireMappings.class)
public interface RuleDtoMapper {

    RuleDraft toDraft(RuleRequest request);

    @Mapping(target = "ruleId", source = "id")
    @Mapping(target = "name", source = "definition.name")
    @Mapping(target = "description", source = "definition.description")
    @Mapping(target = "status", source = "definition.status")
    @Mapping(target = "priority", source = "definition.priority")
    @Mapping(target = "triggerType", source = "definition.triggerType")
    @Mapping(target = "triggerConfig", source = "definition.triggerConfig")
    @Mapping(target = "conditions", source = "definition.conditions")
    @Mapping(target = "conditionLogic", source = "definition.conditionLogic")
    @Mapping(target = "actions", source = "definition.actions")
    @Mapping(target = "maxConcurrentExecutions", source = "definition.maxConcurrentExecutions")
    @Mapping(target = "executionTimeoutMinutes", source = "definition.executionTimeoutMinutes")
    @Mapping(target = "retryFailedExecutions", source = "definition.retryFailedExecutions")
    @Mapping(target = "isTemplate", source = "definition.isTemplate")
    @Mapping(target = "templateCategory", source = "definition.templateCategory")
    @Mapping(target = "tags", source = "definition.tags")
    @Mapping(target = "metadata", source = "definition.metadata")
    @Mapping(target = "notificationSettings", source = "definition.notificationSettings")
    @Mapping(target = "executionRetentionDays", source = "definition.executionRetentionDays")
    @Mapping(target = "executionStatistics", source = "statistics")
    @Mapping(target = "links", ignore = true)
    AutomationRuleDto toDto(RuleDetails details);

    default Optional<String> optional(String value) {
        return Optional.ofNullable(value);
    }

    default Optional<Long> optional(Long value) {
        return Optional.ofNullable(value);
    }

    default Optional<Boolean> optional(Boolean value) {
        return Optional.ofNullable(value);
    }

    default Optional<Map<String, Object>> optional(Map<String, Object> value) {
        return Optional.ofNullable(value);
    }

    default Optional<List<Object>> optionalList(List<Object> value) {
        return Optional.ofNullable(value);
    }

    default Optional<List<String>> optionalStrings(List<String> value) {
        return Optional.ofNullable(value);
    }

    default Map<String, Object> map(TriggerConfig config) {
        return config.toMap();
    }

    default Map<String, Object> map(NotificationSettings settings) {
        return settings.toMap();
    }

    default List<Map<String, Object>> conditions(List<Condition> conditions) {
        return conditions.stream().map(Condition::toMap).toList();
    }

    default List<Map<String, Object>> actions(List<ActionSpec> actions) {
        return actions.stream().map(ActionSpec::toMap).toList();
    }

    default Map<String, Object> statistics(Optional<ExecutionStatistics> statistics) {
        return statistics.map(s -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("total_executions", s.totalExecutions());
            map.put("successful_executions", s.successfulExecutions());
            map.put("failed_executions", s.failedExecutions());
            map.put("in_flight_executions", s.inFlightExecutions());
            map.put("success_rate", s.successRatePercent());
            map.put("average_duration_ms", s.averageDurationMs().orElse(null));
            map.put("last_execution_at", s.lastExecutionAt().map(Instant::toString).orElse(null));
            return map;
        }).orElse(null);
    }
}
