package io.ruleworks.adapter.in.http.execution;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.WireEnum;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingConstants;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Maps an execution's state to the contract's AutomationExecution. */
@Mapper(componentModel = MappingConstants.ComponentModel.JAKARTA)
public interface ExecutionDtoMapper {

    @Mapping(target = "executionId", source = "id")
    @Mapping(target = "automationRuleId", source = "ruleId")
    @Mapping(target = "links", ignore = true)
    AutomationExecutionDto toDto(ExecutionState state);

    AutomationExecutionDto.LogEntryDto toDto(ExecutionLogEntry entry);

    default UUID uuid(ExecutionId id) {
        return id.value();
    }

    default UUID uuid(RuleId id) {
        return id.value();
    }

    default UUID uuid(TenantId id) {
        return id.value();
    }

    default String wire(WireEnum value) {
        return value.wire();
    }

    default String unwrap(Optional<String> value) {
        return value.orElse(null);
    }

    default Instant unwrapInstant(Optional<Instant> value) {
        return value.orElse(null);
    }

    default Long unwrapLong(Optional<Long> value) {
        return value.orElse(null);
    }

    default Integer unwrapInt(Optional<Integer> value) {
        return value.orElse(null);
    }
}
