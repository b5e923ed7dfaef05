package io.ruleworks.adapter.in.http.execution;

import io.ruleworks.adapter.in.http.WireMappings;
import io.ruleworks.domain.execution.ExecutionContext;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingConstants;

import java.util.Map;

/** Maps an execution's state to the contract's AutomationExecution. */
@Mapper(componentModel = MappingConstants.ComponentModel.JAKARTA, uses = WireMappings.class)
public interface ExecutionDtoMapper {

    @Mapping(target = "executionId", source = "id")
    @Mapping(target = "automationRuleId", source = "ruleId")
    @Mapping(target = "links", ignore = true)
    AutomationExecutionDto toDto(ExecutionState state);

    AutomationExecutionDto.LogEntryDto toDto(ExecutionLogEntry entry);

    /** execution_context on the wire: the same JSON object the database stores. */
    default Map<String, Object> toJson(ExecutionContext context) {
        return context.toJson();
    }
}
