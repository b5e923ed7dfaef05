package io.ruleworks.bootstrap.engine;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.action.psa.testing.PsaDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A condition_based rule polling a WireMock PSA on loopback, one "minute" being one second
 * (ruleworks.condition-polling.minute): a ticket that becomes high priority is assigned once,
 * stays assigned while it stays high, and is assigned again after it dropped and came back. A rule
 * whose PSA keeps failing ends in status error with the reason in its metadata.
 */
@MicronautTest(transactional = false)
class ConditionPollingEngineTest extends EngineTestBase {

    private static final String TICKET = "7d9e2c1a-5b4f-4e3d-8c2b-1a0f9e8d7c6b";
    private static final String OTHER = "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901";
    private static final String ASSIGNEE = "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11";

    private PsaDouble psa;

    @Override
    protected Map<String, String> settings() {
        psa = new PsaDouble();
        return Map.of(
                "ruleworks.psa.default.base-url", psa.baseUrl(),
                "ruleworks.psa.default.api-key", "psa-test-key",
                "ruleworks.condition-polling.minute", "1s",
                "ruleworks.condition-polling.tick-interval", "100ms",
                "ruleworks.condition-polling.fetch-timeout", "2s",
                "ruleworks.condition-polling.lease", "5s");
    }

    @AfterAll
    void stop() {
        psa.close();
    }

    private void tickets(String clientId, String ticketPriority) {
        psa.answer(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tickets"))
                        .withQueryParam("client_id", WireMock.equalTo(clientId)), 200,
                "{\"data\":[{\"ticket_id\":\"" + TICKET + "\",\"priority_name\":\"" + ticketPriority + "\"},"
                        + "{\"ticket_id\":\"" + OTHER + "\",\"priority_name\":\"low\"}],"
                        + "\"pagination\":{\"page\":1,\"limit\":100,\"total\":2,\"totalPages\":1,\"hasNext\":false,"
                        + "\"hasPrev\":false}}");
    }

    private long listings(String clientId) {
        return psa.requests().stream().filter(r -> r.getMethod().getName().equals("GET"))
                .filter(r -> clientId.equals(r.queryParameter("client_id").firstValue())).count();
    }

    private List<LoggedRequest> assignments() {
        return psa.requests().stream().filter(r -> r.getMethod().getName().equals("PUT")).toList();
    }

    private String createRule(String clientId, int maxCheckAttempts) {
        Map<String, Object> rule = Map.of("name", "escalate " + clientId, "status", "active",
                "trigger_type", "condition_based",
                "trigger_config", Map.of("check_interval_minutes", 1, "max_check_attempts", maxCheckAttempts,
                        "conditions", List.of(Map.of("field", "priority_name", "operator", "equals", "value", "high")),
                        "source", Map.of("type", "psa_tickets", "query", Map.of("client_id", clientId, "is_open", true))),
                "actions", List.of(Map.of("type", "ticket_update", "order", 1, "config", Map.of("operation", "assign",
                        "ticket_id", "{{trigger.item.ticket_id}}", "assigned_to", ASSIGNEE))));
        return create(http, rule);
    }

    private List<Map<String, Object>> executionsOf(String ruleId) {
        return executionsOf(http, ruleId);
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_ticket_that_becomes_high_priority_is_assigned_once_per_time_it_becomes_so() {
        String client = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";
        tickets(client, "high");
        String ruleId = createRule(client, 3);

        await().atMost(Duration.ofSeconds(20)).until(() -> assignments().size() == 1);
        assertThat(assignments().getFirst().getUrl()).isEqualTo("/api/v1/tickets/" + TICKET);
        long seen = listings(client);
        await().atMost(Duration.ofSeconds(20)).until(() -> listings(client) >= seen + 3);
        assertThat(executionsOf(ruleId)).hasSize(1);

        tickets(client, "low");
        long afterDrop = listings(client);
        await().atMost(Duration.ofSeconds(20)).until(() -> listings(client) >= afterDrop + 2);
        tickets(client, "high");

        await().atMost(Duration.ofSeconds(20)).until(() -> executionsOf(ruleId).size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> assignments().size() == 2
                && executionsOf(ruleId).stream().allMatch(e -> "completed".equals(e.get("status"))));
        assertThat(executionsOf(ruleId)).allSatisfy(execution -> {
            Map<String, Object> triggerData = (Map<String, Object>) execution.get("trigger_data");
            assertThat(triggerData).containsEntry("item_key", TICKET)
                    .containsEntry("item", Map.of("ticket_id", TICKET, "priority_name", "high"));
            assertThat(execution.get("status")).isEqualTo("completed");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_rule_whose_psa_keeps_failing_ends_in_error_with_the_reason_and_is_no_longer_polled() {
        String client = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
        psa.answer(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tickets"))
                        .withQueryParam("client_id", WireMock.equalTo(client)), 503,
                "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\"}}");
        String ruleId = createRule(client, 2);

        Map<String, Object> failed = await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get(RULES + "/" + ruleId).data(),
                        rule -> "error".equals(rule.get("status")));

        Map<String, Object> lastError = (Map<String, Object>) ((Map<String, Object>) failed.get("metadata"))
                .get("last_error");
        assertThat(lastError).containsEntry("code", "PSA_SERVER_ERROR").containsEntry("attempts", 2);
        assertThat((String) lastError.get("message")).contains("UNAVAILABLE: maintenance");
        long polled = listings(client);
        assertThat(polled).isEqualTo(2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(listings(client)).isEqualTo(2));
    }
}
