package io.ruleworks.adapter.in.http.rule;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The body of CreateAutomationRuleRequest and UpdateAutomationRuleRequest (same fields; create
 * requires name, trigger_type, trigger_config and actions). Absent fields are null here and
 * become empty Optionals in the draft. {@code execution_retention_days} is our extension (docs/api.md).
 */
@Schema(name = "AutomationRuleRequest", description = "CreateAutomationRuleRequest / UpdateAutomationRuleRequest of the contract; create requires name, trigger_type, trigger_config and actions. trigger_config and each action config follow the schemas of GET /meta.")
public record RuleRequest(String name, String description, String status, String priority, String triggerType,
                          Map<String, Object> triggerConfig, List<Object> conditions,
                          @Schema(allowableValues = {"and", "or", "not"}, description = "How conditions combine; not (none may hold) as Alga's server accepts it, beyond the published enum.") String conditionLogic,
                          List<Object> actions, Long maxConcurrentExecutions, Long executionTimeoutMinutes,
                          Boolean retryFailedExecutions, Boolean isTemplate, String templateCategory, List<String> tags,
                          Map<String, Object> metadata, Map<String, Object> notificationSettings,
                          Long executionRetentionDays) {
}
