package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.SchemaChecks;
import io.ruleworks.domain.shared.ConfigDescription;
import io.ruleworks.domain.shared.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON Schemas generated from the checks: they accept what the checks accept and refuse, with
 * the checks, every per-field mistake. (Each accepted config of ActionConfigPolicyTest and the
 * trigger tests is also run through its schema.)
 */
class ConfigSchemasTest {

    private static final String UUID = "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b";

    @ParameterizedTest
    @EnumSource(ActionType.class)
    void every_action_type_has_a_closed_2020_12_object_schema(ActionType type) {
        Map<String, Object> schema = ConfigSchemas.action(type);

        assertThat(schema).containsEntry("$schema", ConfigDescription.DIALECT).containsEntry("type", "object")
                .containsEntry("additionalProperties", false).containsKey("properties");
    }

    @ParameterizedTest
    @EnumSource(TriggerType.class)
    void every_trigger_type_has_a_closed_2020_12_object_schema(TriggerType type) {
        assertThat(ConfigSchemas.trigger(type)).containsEntry("$schema", ConfigDescription.DIALECT)
                .containsEntry("additionalProperties", false);
    }

    @Test
    void the_schema_carries_what_the_check_reads_required_fields_bounds_and_enums() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties =
                (Map<String, Map<String, Object>>) ConfigSchemas.action(ActionType.WEBHOOK_CALL).get("properties");

        assertThat(ConfigSchemas.action(ActionType.WEBHOOK_CALL).get("required")).isEqualTo(java.util.List.of("url"));
        assertThat(properties.get("timeout_seconds")).containsEntry("minimum", 1L).containsEntry("maximum", 300L);
        assertThat(properties.get("method").get("enum")).isEqualTo(java.util.List.of("DELETE", "GET", "PATCH", "POST", "PUT"));
    }

    static Stream<Arguments> validActionConfigs() {
        return Stream.of(
                Arguments.of(ActionType.EMAIL_NOTIFICATION, RuleDrafts.emailConfig()),
                Arguments.of(ActionType.EMAIL_NOTIFICATION, Json.object("to", Json.array("{{ticket.owner}}"), "subject", "s",
                        "body", "b", "attachments", Json.array(Json.object("filename", "r.pdf", "url", "https://x.example.com/r.pdf")))),
                Arguments.of(ActionType.SMS_NOTIFICATION, Json.object("phone_numbers", Json.array("+14155550100"), "message", "hi")),
                Arguments.of(ActionType.WEBHOOK_CALL, Json.object("url", "https://api.example.com/x", "method", "POST",
                        "body", Json.object("a", 1), "authentication", Json.object("type", "bearer"))),
                Arguments.of(ActionType.DATABASE_UPDATE, Json.object("table", "tickets", "operation", "update",
                        "data", Json.object("status", "closed"), "conditions", Json.object("id", 7))),
                Arguments.of(ActionType.TICKET_CREATION, Json.object("ticket_data", Json.object("title", "Disk full",
                        "client_id", UUID), "priority", "high")),
                Arguments.of(ActionType.TICKET_UPDATE, Json.object("ticket_id", "{{trigger.ticket_id}}", "status", UUID,
                        "operation", "close")),
                Arguments.of(ActionType.PROJECT_UPDATE, Json.object("project_id", UUID, "budgeted_hours", 12.5,
                        "is_inactive", "{{trigger.done}}")),
                Arguments.of(ActionType.TIME_ENTRY_CREATION, Json.object("work_item_type", "ticket", "work_item_id", UUID,
                        "started_at", "2026-01-31T09:00:00Z", "ended_at", "2026-01-31T10:00:00Z", "duration_minutes", 60)),
                Arguments.of(ActionType.INVOICE_GENERATION, Json.object("client_id", UUID, "window_start", "2026-01-01",
                        "window_end", "2026-02-01", "identity_key", "jan")),
                Arguments.of(ActionType.CUSTOM_SCRIPT, Json.object("script_type", "javascript", "script_content", "1 + 1",
                        "environment_variables", Json.object("A", "b"))),
                Arguments.of(ActionType.WORKFLOW_EXECUTION, Json.object("rule_id", UUID, "wait_for_completion", true)),
                Arguments.of(ActionType.SYSTEM_COMMAND, Json.object("command", "/usr/bin/true", "args", Json.array("-v", 3))));
    }

    @ParameterizedTest
    @MethodSource("validActionConfigs")
    void a_config_the_policy_accepts_passes_its_schema(ActionType type, Map<String, Object> config) {
        assertThat(ActionConfigPolicy.problems(type, config, "config")).isEmpty();
        assertThat(SchemaChecks.actionSchemaProblems(type, config)).isEmpty();
    }

    static Stream<Arguments> refusedActionConfigs() {
        return Stream.of(
                Arguments.of(ActionType.EMAIL_NOTIFICATION, Json.object("subject", "s", "body", "b")),
                Arguments.of(ActionType.EMAIL_NOTIFICATION, Json.object("to", Json.array("not-an-address"), "subject", "s", "body", "b")),
                Arguments.of(ActionType.EMAIL_NOTIFICATION, Json.object("to", Json.array("a@example.com"), "subject", "s".repeat(999), "body", "b")),
                Arguments.of(ActionType.EMAIL_NOTIFICATION, Json.object("to", Json.array("a@example.com"), "subject", "s", "body", "b", "colour", "red")),
                Arguments.of(ActionType.EMAIL_NOTIFICATION, Json.object("to", Json.array("a@example.com"), "subject", "s", "body", "b",
                        "attachments", Json.array(Json.object("url", "https://x.example.com/r.pdf")))),
                Arguments.of(ActionType.SMS_NOTIFICATION, Json.object("phone_numbers", Json.array("12345"), "message", "hi")),
                Arguments.of(ActionType.SMS_NOTIFICATION, Json.object("phone_numbers", Json.array("+14155550100"), "message", "x".repeat(1_601))),
                Arguments.of(ActionType.WEBHOOK_CALL, Json.object("url", "https://x.example.com", "method", "FETCH")),
                Arguments.of(ActionType.WEBHOOK_CALL, Json.object("url", "ftp://x.example.com")),
                Arguments.of(ActionType.WEBHOOK_CALL, Json.object("url", "https://x.example.com", "timeout_seconds", 301)),
                Arguments.of(ActionType.WEBHOOK_CALL, Json.object("url", "https://x.example.com", "authentication", Json.object("type", "oauth"))),
                Arguments.of(ActionType.DATABASE_UPDATE, Json.object("table", "t", "operation", "truncate")),
                Arguments.of(ActionType.DATABASE_UPDATE, Json.object("table", "t".repeat(64), "operation", "insert", "data", Json.object("a", 1))),
                Arguments.of(ActionType.TICKET_CREATION, Json.object("ticket_data", Json.object("title", "t"), "priority", "urgent")),
                Arguments.of(ActionType.TICKET_CREATION, Json.object("ticket_data", Json.object("title", "t", "colour", "red"))),
                Arguments.of(ActionType.TICKET_UPDATE, Json.object("ticket_id", "not-a-uuid", "priority", "high")),
                Arguments.of(ActionType.PROJECT_UPDATE, Json.object("project_id", UUID, "budgeted_hours", -1)),
                Arguments.of(ActionType.PROJECT_UPDATE, Json.object("project_id", UUID, "is_inactive", null)),
                Arguments.of(ActionType.TIME_ENTRY_CREATION, Json.object("work_item_type", "meeting", "work_item_id", UUID,
                        "started_at", "2026-01-31T09:00:00Z", "ended_at", "2026-01-31T10:00:00Z")),
                Arguments.of(ActionType.INVOICE_GENERATION, Json.object("client_id", UUID, "window_start", "2026-01-01",
                        "window_end", "2026-02-01")),
                Arguments.of(ActionType.CUSTOM_SCRIPT, Json.object("script_type", "ruby", "script_content", "1")),
                Arguments.of(ActionType.CUSTOM_SCRIPT, Json.object("script_type", "javascript", "script_content", "1",
                        "working_directory", "/tmp")),
                Arguments.of(ActionType.WORKFLOW_EXECUTION, Json.object("rule_id", "abc")),
                Arguments.of(ActionType.SYSTEM_COMMAND, Json.object("command", "/usr/bin/true", "timeout_seconds", 0)));
    }

    @ParameterizedTest
    @MethodSource("refusedActionConfigs")
    void a_per_field_mistake_is_refused_by_the_policy_and_by_the_schema(ActionType type, Map<String, Object> config) {
        assertThat(ActionConfigPolicy.problems(type, config, "config")).isNotEmpty();
        assertThat(SchemaChecks.actionSchemaProblems(type, config)).isNotEmpty();
    }

    static Stream<Arguments> triggerConfigs() {
        return Stream.of(
                Arguments.of(TriggerType.TIME_BASED, RuleDrafts.dailySchedule(), true),
                Arguments.of(TriggerType.RECURRING, RuleDrafts.cronSchedule("*/5 * * * *"), true),
                Arguments.of(TriggerType.EVENT_BASED, RuleDrafts.ticketCreatedEvent(), true),
                Arguments.of(TriggerType.CONDITION_BASED, RuleDrafts.conditionCheck(), true),
                Arguments.of(TriggerType.WEBHOOK, RuleDrafts.inboundWebhook(), true),
                Arguments.of(TriggerType.MANUAL, Json.object(), true),
                Arguments.of(TriggerType.TIME_BASED, Json.object("schedule_type", "fortnightly"), false),
                Arguments.of(TriggerType.RECURRING, Json.object("schedule_type", "daily", "max_executions", 0), false),
                Arguments.of(TriggerType.EVENT_BASED, Json.object("event_source", "psa"), false),
                Arguments.of(TriggerType.CONDITION_BASED, Json.object("check_interval_minutes", 5, "conditions", Json.array()), false),
                Arguments.of(TriggerType.CONDITION_BASED, Json.object("check_interval_minutes", 5,
                        "conditions", Json.array(Json.object("field", "a", "operator", "resembles"))), false),
                Arguments.of(TriggerType.WEBHOOK, Json.object("retry_attempts", 6), false),
                Arguments.of(TriggerType.MANUAL, Json.object("x", 1), false));
    }

    @ParameterizedTest
    @MethodSource("triggerConfigs")
    void trigger_schemas_agree_with_the_trigger_parsers(TriggerType type, Map<String, Object> config, boolean valid) {
        Violations violations = new Violations();
        TriggerConfig.parse(type, config, "trigger_config", violations);

        assertThat(violations.isEmpty()).isEqualTo(valid);
        assertThat(SchemaChecks.triggerSchemaProblems(type, config).isEmpty()).isEqualTo(valid);
    }
}
