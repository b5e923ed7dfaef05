package io.ruleworks.bootstrap.engine;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.action.psa.testing.PsaDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule that creates a PSA ticket and then assigns it, the second action taking the ticket id
 * from the first's result, run by the engine against a WireMock PSA on loopback.
 */
@MicronautTest(transactional = false)
class PsaActionsEngineTest extends EngineTestBase {

    private static final String ASSIGNEE = "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11";
    private static final String CLIENT = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";

    private PsaDouble psa;

    @Override
    protected Map<String, String> settings() {
        psa = new PsaDouble();
        return Map.of("ruleworks.psa.default.base-url", psa.baseUrl(), "ruleworks.psa.default.api-key", "psa-test-key");
    }

    @AfterAll
    void stop() {
        psa.close();
    }

    @Test
    void a_created_ticket_is_assigned_by_the_next_action_using_its_id() throws IOException {
        String ruleId = create(http, manualRule("triage", List.of(
                Map.of("type", "ticket_creation", "order", 1, "config", Map.of("ticket_data",
                        Map.of("title", "{{trigger.alert.title}}", "client_id", CLIENT))),
                Map.of("type", "ticket_update", "order", 2, "config", Map.of("operation", "assign",
                        "ticket_id", "{{actions.1.result.ticket_id}}", "assigned_to", ASSIGNEE)))));

        String execution = started(ruleId, Map.of("alert", Map.of("title", "Disk full")));

        Map<String, Object> done = awaitEnd(execution);
        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        List<LoggedRequest> requests = psa.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).getUrl()).isEqualTo("/api/v1/tickets");
        assertThat(json.readValue(requests.get(0).getBodyAsString(), Map.class))
                .isEqualTo(Map.of("title", "Disk full", "client_id", CLIENT));
        assertThat(requests.get(0).getHeader("Idempotency-Key")).isEqualTo(execution + ":0:0:1");
        assertThat(requests.get(1).getMethod().getName()).isEqualTo("PUT");
        assertThat(requests.get(1).getUrl()).isEqualTo("/api/v1/tickets/" + PsaDouble.TICKET_ID);
        assertThat(json.readValue(requests.get(1).getBodyAsString(), Map.class))
                .isEqualTo(Map.of("assigned_to", ASSIGNEE));
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeader("x-api-key")).isEqualTo("psa-test-key"));
        assertThat(psa.contractViolations()).isEmpty();
    }
}
