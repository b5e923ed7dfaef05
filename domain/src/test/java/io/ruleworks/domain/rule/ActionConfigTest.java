package io.ruleworks.domain.rule;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionConfigTest {

    private static final String TICKET = "8b1c3c52-5a49-4d0e-9a36-0d0b1f0e4e01";
    private static final String STATUS = "3f0f4b7c-1a2b-4c3d-8e9f-000000000001";
    private static final String PERSON = "3f0f4b7c-1a2b-4c3d-8e9f-000000000002";

    private static ActionConfig parsed(ActionType type, Map<String, Object> config) {
        assertThat(ActionConfigPolicy.problems(type, config, "config")).as("the config is valid").isEmpty();
        return ActionConfig.parse(type, config);
    }

    @Test
    void a_ticket_action_without_an_operation_creates_or_updates_by_its_type() {
        assertThat(parsed(ActionType.TICKET_CREATION, Map.of("ticket_data", Map.of("title", "Disk full"))))
                .isInstanceOfSatisfying(TicketConfig.class, c -> {
                    assertThat(c.operation()).isEqualTo(TicketConfig.Operation.CREATE);
                    assertThat(c.title()).isEqualTo("Disk full");
                });
        assertThat(parsed(ActionType.TICKET_UPDATE, Map.of("ticket_id", TICKET, "priority", "high")))
                .isInstanceOfSatisfying(TicketConfig.class, c ->
                        assertThat(c.operation()).isEqualTo(TicketConfig.Operation.UPDATE));
    }

    @Test
    void a_ticket_created_takes_the_notes_as_summary_and_the_status_as_status_id() {
        TicketConfig config = (TicketConfig) parsed(ActionType.TICKET_CREATION,
                Map.of("ticket_data", Map.of("title", "t"), "notes", "from the monitor", "status", STATUS));

        assertThat(config.summary()).hasValue("from the monitor");
        assertThat(config.statusId()).hasValue(UUID.fromString(STATUS));
    }

    @Test
    void closing_a_ticket_puts_the_assignee_but_leaves_the_status_to_the_close() {
        TicketConfig config = (TicketConfig) parsed(ActionType.TICKET_UPDATE, Map.of("operation", "close",
                "ticket_id", TICKET, "status", STATUS, "assigned_to", PERSON, "ticket_data", Map.of("title", "t")));

        assertThat(config.changes()).containsExactly(Map.entry("title", "t"), Map.entry("assigned_to", PERSON));
    }

    @Test
    void a_project_update_puts_its_named_fields_and_its_project_data() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("project_id", TICKET);
        raw.put("project_name", "Migration");
        raw.put("assigned_to", null);
        raw.put("project_data", Map.of("wbs_code", "1.2"));

        ProjectUpdateConfig config = (ProjectUpdateConfig) parsed(ActionType.PROJECT_UPDATE, raw);

        assertThat(config.projectId()).isEqualTo(UUID.fromString(TICKET));
        assertThat(config.changes()).containsEntry("project_name", "Migration").containsEntry("wbs_code", "1.2")
                .containsEntry("assigned_to", null);
    }

    @Test
    void a_time_entry_reads_its_instants_and_minutes() {
        TimeEntryConfig config = (TimeEntryConfig) parsed(ActionType.TIME_ENTRY_CREATION, Map.of(
                "work_item_type", "ticket", "work_item_id", TICKET, "started_at", "2026-03-02T09:00:00+01:00",
                "ended_at", "2026-03-02T10:00:00+01:00", "duration_minutes", 60));

        assertThat(config.startedAt()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(config.durationMinutes()).hasValue(new BigDecimal("60"));
        assertThat(config.billableMinutes()).isEmpty();
    }

    @Test
    void an_invoice_is_selected_by_the_clients_cadence_unless_told_the_contracts() {
        Map<String, Object> client = Map.of("client_id", TICKET, "window_start", "2026-03-01",
                "window_end", "2026-04-01", "identity_key", "march");
        InvoiceGenerationConfig config = (InvoiceGenerationConfig) parsed(ActionType.INVOICE_GENERATION, client);

        assertThat(config.cadenceOwner()).isEqualTo(InvoiceGenerationConfig.CadenceOwner.CLIENT);
        assertThat(config.windowEnd()).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(config.contractId()).isEmpty();
    }

    @Test
    void a_workflow_action_names_its_rule_and_waits_only_when_told() {
        WorkflowExecutionConfig config = (WorkflowExecutionConfig) parsed(ActionType.WORKFLOW_EXECUTION,
                Map.of("rule_id", TICKET));

        assertThat(config.ruleId()).isEqualTo(new RuleId(UUID.fromString(TICKET)));
        assertThat(config.executionData()).isEqualTo(Optional.empty());
        assertThat(config.waitForCompletion()).isFalse();
    }

    @Test
    void a_webhook_call_has_its_record_too() {
        assertThat(parsed(ActionType.WEBHOOK_CALL, Map.of("url", "https://example.test/hook")))
                .isInstanceOf(WebhookCallConfig.class);
    }

    @Test
    void a_config_that_skipped_validation_does_not_parse() {
        assertThatThrownBy(() -> ActionConfig.parse(ActionType.PROJECT_UPDATE, Map.of("project_id", "nope",
                "project_name", "x"))).isInstanceOf(IllegalArgumentException.class).hasMessage("project_id must be a UUID");
    }
}
