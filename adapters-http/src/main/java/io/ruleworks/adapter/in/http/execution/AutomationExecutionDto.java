package io.ruleworks.adapter.in.http.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The contract's AutomationExecution schema. started_at is omitted until the execution starts. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AutomationExecutionDto(UUID executionId, UUID automationRuleId, Map<String, Object> triggerData,
                                     String status, @JsonInclude(JsonInclude.Include.NON_NULL) Instant startedAt,
                                     Instant completedAt, Long durationMs, int actionsTotal, int actionsSuccessful,
                                     int actionsFailed, String errorMessage, String errorStack,
                                     Integer failedActionIndex, Map<String, Object> executionContext,
                                     List<LogEntryDto> logs, UUID tenant,
                                     @JsonProperty("_links") Map<String, Object> links) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogEntryDto(Instant timestamp, String level, String message, Integer actionIndex,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> metadata) {
    }

    public AutomationExecutionDto withLinks(Map<String, Object> newLinks) {
        return new AutomationExecutionDto(executionId, automationRuleId, triggerData, status, startedAt, completedAt,
                durationMs, actionsTotal, actionsSuccessful, actionsFailed, errorMessage, errorStack,
                failedActionIndex, executionContext, logs, tenant, newLinks);
    }
}
