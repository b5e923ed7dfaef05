package io.ruleworks.adapter.in.http.statistics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * The contract's AutomationStatisticsResponse data; {@code most_used_trigger_types} and
 * {@code most_used_action_types} are the fields config-schemas.md adds (the schema leaves room).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AutomationStatisticsDto(long totalRules, long activeRules, long inactiveRules, long draftRules,
                                      long errorRules, long totalExecutions, long successfulExecutions,
                                      long failedExecutions, long executionsToday, long executionsThisWeek,
                                      long executionsThisMonth, double avgExecutionTimeMs, double successRatePercent,
                                      List<TriggerUsage> mostUsedTriggerTypes, List<ActionUsage> mostUsedActionTypes,
                                      @JsonProperty("_links") Map<String, String> links) {

    /** Executions triggered this way, and rules configured with this trigger type. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TriggerUsage(String triggerType, long count, long ruleCount) {
    }

    /** Executions of rules having an action of this type, and how many rules have one. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ActionUsage(String actionType, long count, long ruleCount) {
    }
}
