package io.ruleworks.adapter.in.http.execution;

import io.ruleworks.domain.execution.ExecutionContext;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionDtoMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant AT = Instant.parse("2026-12-08T03:15:00.123456Z");

    private static final Map<String, Object> CONTEXT = Map.of("trigger", "manual", "lineage",
            Map.of("chain", List.of("r1", Map.of("deeper", true))));

    private final ExecutionDtoMapper mapper = new ExecutionDtoMapperImpl();

    private static ExecutionState state() {
        Map<String, Object> triggerData = new LinkedHashMap<>();
        triggerData.put("ticket", Map.of("id", 7));
        triggerData.put("note", null);
        ExecutionLogEntry withMetadata = new ExecutionLogEntry(AT, LogLevel.INFO, "Action 1 completed", Optional.of(0),
                Map.of("status_code", 200));
        ExecutionLogEntry without = new ExecutionLogEntry(AT, LogLevel.WARN, "slow", Optional.empty(), Map.of());
        return new ExecutionState(new ExecutionId(UUID.randomUUID()), new TenantId(UUID.randomUUID()),
                new RuleId(UUID.randomUUID()), TriggerType.MANUAL, triggerData, ExecutionStatus.COMPLETED,
                Priority.NORMAL, Optional.of(AT), Optional.of(AT), Optional.of(0L), 1, 1, 0, Optional.empty(),
                Optional.empty(), Optional.empty(), ExecutionContext.triggered(CONTEXT),
                List.of(withMetadata, without), AT, AT, AT, 1, 0, Optional.empty(), 0, Optional.empty(),
                Optional.empty());
    }

    @Test
    void the_dto_shares_the_states_unmodifiable_open_json_instead_of_copying_it() {
        ExecutionState state = state();

        AutomationExecutionDto dto = mapper.toDto(state);

        assertThat(dto.triggerData()).isSameAs(state.triggerData());
        assertThat(dto.logs().get(0).metadata()).isSameAs(state.logs().get(0).metadata());
    }

    @Test
    void the_dto_carries_the_states_open_json_as_it_is() {
        ExecutionState state = state();

        AutomationExecutionDto dto = mapper.toDto(state);

        assertThat(dto.triggerData()).containsExactlyEntriesOf(state.triggerData());
        assertThat(dto.executionContext()).isEqualTo(CONTEXT);
        assertThat(dto.logs()).extracting(AutomationExecutionDto.LogEntryDto::metadata)
                .containsExactly(Map.of("status_code", 200), Map.of());
        assertThat(dto.logs()).extracting(AutomationExecutionDto.LogEntryDto::timestamp).containsOnly(AT);
    }

    @Test
    void the_dto_is_written_as_the_open_json_it_holds_at_every_depth() throws Exception {
        ExecutionState state = state();

        JsonNode written = JSON.readTree(ObjectMapper.getDefault().writeValueAsString(mapper.toDto(state)));

        assertThat(written.get("trigger_data")).isEqualTo(JSON.readTree("{\"ticket\": {\"id\": 7}, \"note\": null}"));
        assertThat(written.get("execution_context"))
                .isEqualTo(JSON.readTree("{\"trigger\": \"manual\", \"lineage\": {\"chain\": [\"r1\", {\"deeper\": true}]}}"));
        assertThat(written.get("logs").get(0).get("metadata")).isEqualTo(JSON.readTree("{\"status_code\": 200}"));
        assertThat(written.get("logs").get(1).has("metadata")).isFalse();
        assertThat(written.get("logs").get(0).get("timestamp").asText()).isEqualTo("2026-12-08T03:15:00.123456Z");
    }
}
