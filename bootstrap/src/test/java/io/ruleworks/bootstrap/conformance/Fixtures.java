package io.ruleworks.bootstrap.conformance;

import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.Sql;
import io.ruleworks.domain.shared.TenantId;

import java.util.UUID;

import static io.ruleworks.bootstrap.http.support.Api.RULES;

/**
 * Records the conformance cases and the fuzzer start from, made through the API as a client would
 * (and, for a failed execution, which no request can produce directly, with SQL).
 */
final class Fixtures {

    static final String EXECUTIONS = "/api/v1/automation/executions";
    static final String TEMPLATES = "/api/v1/automation/templates";

    private final Api admin;
    private final Sql sql;
    private final TenantId tenant;

    Fixtures(Api admin, Sql sql, TenantId tenant) {
        this.admin = admin;
        this.sql = sql;
        this.tenant = tenant;
    }

    /**
     * A valid rule body using every property of CreateAutomationRuleRequest, nested ones included,
     * so that the fuzzer finds every property of the schema in it.
     */
    static String fullRuleBody(String name) {
        return """
                {"name": "%s", "description": "Escalates new P1 tickets", "status": "active", "priority": "high",
                 "trigger_type": "event_based", "trigger_config": {"event_type": "ticket.created"},
                 "conditions": [{"field": "ticket.priority", "operator": "equals", "value": "P1", "data_type": "string"}],
                 "condition_logic": "and",
                 "actions": [{"type": "webhook_call", "config": {"url": "https://hooks.example.com/p1"}, "order": 1,
                              "continue_on_error": false, "timeout_seconds": 30, "retry_attempts": 1}],
                 "max_concurrent_executions": 5, "execution_timeout_minutes": 10, "retry_failed_executions": false,
                 "is_template": false, "template_category": "tickets", "tags": ["p1"], "metadata": {"team": "ops"},
                 "notification_settings": {"notify_on_success": false, "notify_on_failure": true,
                                           "notification_emails": ["ops@example.com"],
                                           "notification_webhooks": ["https://hooks.example.com/notify"]}}
                """.formatted(name);
    }

    /** A valid template body over {@code rule}, using every property of CreateAutomationTemplateRequest. */
    static String fullTemplateBody(String rule, String name) {
        return """
                {"automation_rule_id": "%s", "template_name": "%s", "template_description": "P1 escalation",
                 "category": "tickets",
                 "template_variables": [{"rule_field_path": "name", "variable_name": "rule_name",
                                         "display_name": "Rule name", "description": "Name of the new rule",
                                         "type": "string", "required": false}]}
                """.formatted(rule, name);
    }

    static String executeBody(String rule) {
        return """
                {"automation_rule_id": "%s", "execution_data": {"ticket": {"priority": "P1"}},
                 "override_conditions": false, "dry_run": true}
                """.formatted(rule);
    }

    /** A new active event-based rule; returns its id. */
    String rule() {
        return admin.post(RULES, fullRuleBody("Rule " + UUID.randomUUID())).expectStatus(201).data().path("rule_id").asText();
    }

    /** A new pending execution of a new rule (workers are off, so it stays pending); returns its id. */
    String pendingExecution() {
        String rule = rule();
        return admin.post(RULES + "/" + rule + "/execute", "{\"automation_rule_id\": \"" + rule + "\"}")
                .expectStatus(201).data().path("execution_id").asText();
    }

    /** A failed execution of {@code rule}, as a worker would have left it; returns its id. */
    String failedExecution(String rule) {
        return sql.insertExecution(tenant.value(), UUID.fromString(rule), "failed", 25L).toString();
    }

    /** A new template made from a new rule; returns its id. */
    String template() {
        return admin.post(TEMPLATES, fullTemplateBody(rule(), "Template " + UUID.randomUUID())).expectStatus(201)
                .data().path("template_id").asText();
    }
}
