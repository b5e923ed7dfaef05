package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of one rule, told over real HTTP: an operator issues a key, a PSA admin drafts an
 * escalation rule, finds it in the list, switches it on, looks at how it has been doing, and
 * finally retires it.
 */
@MicronautTest(transactional = false)
class RuleLifecycleScenarioTest extends HttpTestBase {

    @Test
    void a_rule_is_drafted_listed_activated_inspected_and_retired() {
        // An operator issues a key for a new tenant.
        IssuedApiKey key = keys().adminOfNewTenant();
        Api admin = as(key.apiKey());

        // The admin drafts a rule that emails the on-call team when a critical ticket arrives.
        Reply drafted = admin.post(RULES, aRule()
                .named("Escalate critical tickets")
                .set("description", "Email on-call when a critical ticket is created")
                .set("trigger_type", "event_based")
                .set("trigger_config", Map.of("event_type", "ticket.created"))
                .set("conditions", List.of(Map.of(
                        "field", "ticket.priority", "operator", "equals", "value", "critical")))
                .set("actions[0]", Map.of("type", "email_notification", "order", 1, "config",
                        Map.of("to", List.of("oncall@example.com"),
                                "subject", "Critical ticket {{ticket.id}}", "body", "Please look now.")))
                .json()).expectStatus(201);
        String ruleId = drafted.data().path("rule_id").asText();
        assertThat(drafted.data().path("status").asText()).isEqualTo("draft");

        // It shows up among the tenant's draft rules.
        Reply drafts = admin.get(RULES + "?status=draft").expectStatus(200);
        assertThat(ids(drafts.json().path("data"))).containsExactly(ruleId);

        // The admin switches it on; nothing else about it changes.
        Reply activated = admin.put(RULES + "/" + ruleId, "{\"status\": \"active\"}").expectStatus(200);
        assertThat(activated.data().path("status").asText()).isEqualTo("active");
        assertThat(activated.data().path("actions")).isEqualTo(drafted.data().path("actions"));
        assertThat(ids(admin.get(RULES + "?is_active=true").expectStatus(200).json().path("data")))
                .containsExactly(ruleId);

        // It fires twice (recorded here directly), and its page tells how that went.
        sql.insertExecution(key.tenant().value(), UUID.fromString(ruleId), "completed", 120L);
        sql.insertExecution(key.tenant().value(), UUID.fromString(ruleId), "failed", 80L);
        JsonNode inspected = admin.get(RULES + "/" + ruleId).expectStatus(200).data();
        assertThat(inspected.path("execution_statistics").path("total_executions").asLong()).isEqualTo(2);
        assertThat(inspected.path("execution_statistics").path("successful_executions").asLong()).isEqualTo(1);
        assertThat(inspected.path("execution_statistics").path("failed_executions").asLong()).isEqualTo(1);
        assertThat(inspected.path("_links").path("delete").path("method").asText()).isEqualTo("DELETE");

        // The admin retires it by following its delete link; it is gone for good.
        String deleteHref = inspected.path("_links").path("delete").path("href").asText();
        admin.delete(deleteHref).expectStatus(204);
        admin.get(RULES + "/" + ruleId).expectStatus(404);
        assertThat(admin.get(RULES).expectStatus(200).json().path("pagination").path("total").asLong()).isZero();
    }

    private static List<String> ids(JsonNode rules) {
        return StreamSupport.stream(rules.spliterator(), false).map(r -> r.path("rule_id").asText()).toList();
    }
}
