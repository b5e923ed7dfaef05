package io.ruleworks.domain.rule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule definition as a client sent it, not yet validated: every field optional, open objects as
 * plain maps and lists. {@link RuleDefinition#from(RuleDraft)} turns it into a valid definition
 * or reports every problem with its field path. An update is a draft laid over the current one.
 */
public record RuleDraft(Optional<String> name, Optional<String> description, Optional<String> status,
                        Optional<String> priority, Optional<String> triggerType,
                        Optional<Map<String, Object>> triggerConfig, Optional<List<Object>> conditions,
                        Optional<String> conditionLogic, Optional<List<Object>> actions,
                        Optional<Long> maxConcurrentExecutions, Optional<Long> executionTimeoutMinutes,
                        Optional<Boolean> retryFailedExecutions, Optional<Boolean> isTemplate,
                        Optional<String> templateCategory, Optional<List<String>> tags,
                        Optional<Map<String, Object>> metadata, Optional<Map<String, Object>> notificationSettings,
                        Optional<Long> executionRetentionDays) {

    /** A draft without the extension field {@code execution_retention_days}. */
    public RuleDraft(Optional<String> name, Optional<String> description, Optional<String> status,
                     Optional<String> priority, Optional<String> triggerType,
                     Optional<Map<String, Object>> triggerConfig, Optional<List<Object>> conditions,
                     Optional<String> conditionLogic, Optional<List<Object>> actions,
                     Optional<Long> maxConcurrentExecutions, Optional<Long> executionTimeoutMinutes,
                     Optional<Boolean> retryFailedExecutions, Optional<Boolean> isTemplate,
                     Optional<String> templateCategory, Optional<List<String>> tags,
                     Optional<Map<String, Object>> metadata, Optional<Map<String, Object>> notificationSettings) {
        this(name, description, status, priority, triggerType, triggerConfig, conditions, conditionLogic, actions,
                maxConcurrentExecutions, executionTimeoutMinutes, retryFailedExecutions, isTemplate, templateCategory,
                tags, metadata, notificationSettings, Optional.empty());
    }

    public static RuleDraft empty() {
        return new RuleDraft(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** This draft with every field that {@code patch} carries replaced by the patch's value. */
    public RuleDraft overlay(RuleDraft patch) {
        return new RuleDraft(
                patch.name.or(() -> name), patch.description.or(() -> description), patch.status.or(() -> status),
                patch.priority.or(() -> priority), patch.triggerType.or(() -> triggerType),
                patch.triggerConfig.or(() -> triggerConfig), patch.conditions.or(() -> conditions),
                patch.conditionLogic.or(() -> conditionLogic), patch.actions.or(() -> actions),
                patch.maxConcurrentExecutions.or(() -> maxConcurrentExecutions),
                patch.executionTimeoutMinutes.or(() -> executionTimeoutMinutes),
                patch.retryFailedExecutions.or(() -> retryFailedExecutions), patch.isTemplate.or(() -> isTemplate),
                patch.templateCategory.or(() -> templateCategory), patch.tags.or(() -> tags),
                patch.metadata.or(() -> metadata), patch.notificationSettings.or(() -> notificationSettings),
                patch.executionRetentionDays.or(() -> executionRetentionDays));
    }

    public boolean isEmpty() {
        return equals(empty());
    }
}
