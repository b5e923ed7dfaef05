package io.ruleworks.adapter.in.http.execution;

import io.ruleworks.adapter.in.http.WireMappings;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingConstants;

/** Maps an execution's state to the contract's AutomationExecution. */
@Mapper(componentModel = MappingConstants.ComponentModel.JAKARTA, uses = WireMappings.class)
public interface ExecutionDtoMapper {

    @Mapping(target = "executionId", source = "id")
    @Mapping(target = "automationRuleId", source = "ruleId")
    @Mapping(target = "links", ignore = true)
    AutomationExecutionDto toDto(ExecutionState state);

    AutomationExecutionDto.LogEntryDto toDto(ExecutionLogEntry entry);
}
