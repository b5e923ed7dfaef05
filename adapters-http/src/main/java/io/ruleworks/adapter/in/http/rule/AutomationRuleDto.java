package io.ruleworks.adapter.in.http.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The contract's AutomationRule schema, plus our extension execution_retention_days (null: the global retention). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AutomationRuleDto(UUID ruleId, UUID tenant, String name, String description, String status,
                                String priority, String triggerType, Map<String, Object> triggerConfig,
                                List<Map<String, Object>> conditions,
                                @Schema(allowableValues = {"and", "or", "not"}) String conditionLogic,
                                List<Map<String, Object>> actions, int maxConcurrentExecutions,
                                int executionTimeoutMinutes, boolean retryFailedExecutions, boolean isTemplate,
                                String templateCategory, List<String> tags, Map<String, Object> metadata,
                                Map<String, Object> notificationSettings, UUID createdBy, Instant createdAt,
                                Instant updatedAt, long executionCount, Instant lastExecuted,
                                Integer executionRetentionDays,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> executionStatistics,
                                @JsonProperty("_links") Map<String, Object> links) {

    public AutomationRuleDto withLinks(Map<String, Object> newLinks) {
        return new AutomationRuleDto(ruleId, tenant, name, description, status, priority, triggerType, triggerConfig,
                conditions, conditionLogic, actions, maxConcurrentExecutions, executionTimeoutMinutes,
                retryFailedExecutions, isTemplate, templateCategory, tags, metadata, notificationSettings, createdBy,
                createdAt, updatedAt, executionCount, lastExecuted, executionRetentionDays, executionStatistics, newLinks);
    }
}
