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

    /**
     * trigger_data and a log entry's metadata on the wire: the state's own maps, shared rather than copied, since
     * ExecutionState and ExecutionLogEntry hold them unmodifiable and the DTO is only written out.
     */
    default Map<String, Object> openJson(Map<String, Object> json) {
        return json;
    }

    /** execution_context on the wire: the same JSON object the database stores. */
    default Map<String, Object> toJson(ExecutionContext context) {
        return context.toJson();
    }
}
