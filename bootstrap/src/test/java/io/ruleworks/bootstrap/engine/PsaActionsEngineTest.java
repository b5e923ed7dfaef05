package io.ruleworks.bootstrap.engine;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.action.psa.testing.PsaDouble;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.domain.access.Permission;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rule that creates a PSA ticket and then assigns it, the second action taking the ticket id
 * from the first's result, run by the engine against a WireMock PSA on loopback.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PsaActionsEngineTest implements TestPropertyProvider {

    private static final String ASSIGNEE = "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11";
    private static final String CLIENT = "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f";

    @Inject
    EmbeddedServer server;
    @Inject
    IssueApiKeyUseCase keys;
    @Inject
    JsonMapper json;

    private PsaDouble psa;
    private EngineHttp http;

    @Override
    public Map<String, String> getProperties() {
        psa = new PsaDouble();
        Map<String, String> properties = new HashMap<>(TestDatabase.create().properties());
        properties.put("ruleworks.queue.poll-interval", "200ms");
        properties.put("ruleworks.psa.default.base-url", psa.baseUrl());
        properties.put("ruleworks.psa.default.api-key", "psa-test-key");
        return properties;
    }

    @BeforeAll
    void start() {
        var issued = keys.issue(new IssueApiKeyCommand(Optional.empty(), EnumSet.allOf(Permission.class),
                Optional.empty(), Optional.empty()));
        http = new EngineHttp(server.getURI(), issued.apiKey(), json);
    }

    @AfterAll
    void stop() {
        psa.close();
    }

    @Test
    void a_created_ticket_is_assigned_by_the_next_action_using_its_id() throws IOException {
        Map<String, Object> rule = Map.of("name", "triage", "status", "active", "trigger_type", "manual",
                "trigger_config", Map.of(), "actions", List.of(
                        Map.of("type", "ticket_creation", "order", 1, "config", Map.of("ticket_data",
                                Map.of("title", "{{trigger.alert.title}}", "client_id", CLIENT))),
                        Map.of("type", "ticket_update", "order", 2, "config", Map.of("operation", "assign",
                                "ticket_id", "{{actions.1.result.ticket_id}}", "assigned_to", ASSIGNEE))));
        EngineHttp.Answer created = http.post("/api/v1/automation/rules", rule);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String ruleId = (String) created.data().get("rule_id");

        EngineHttp.Answer started = http.post("/api/v1/automation/rules/" + ruleId + "/execute", Map.of(
                "automation_rule_id", ruleId, "execution_data", Map.of("alert", Map.of("title", "Disk full"))));

        assertThat(started.status()).isEqualTo(201);
        String execution = (String) started.data().get("execution_id");
        Map<String, Object> done = await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/v1/automation/executions/" + execution).data(),
                        data -> List.of("completed", "failed").contains(data.get("status")));
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
