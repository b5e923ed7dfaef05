package io.ruleworks.bootstrap.engine;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.HookSignatures;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A webhook rule fired by signed deliveries, end to end: the worker evaluates the rule's conditions
 * against the delivery at run time and renders the delivered body into its action, sent to a
 * recording peer on loopback.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundHookEngineTest implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    EmbeddedServer server;
    @Inject
    IssueApiKeyUseCase keys;
    @Inject
    JsonMapper json;

    private RecordingSink sink;
    private EngineHttp http;
    private final HttpClient anonymous = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.create().properties());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("ruleworks.queue.poll-interval", "200ms");
        properties.put("ruleworks.outbound.allow", "127.0.0.1/32");
        return properties;
    }

    @BeforeAll
    void start() throws IOException {
        sink = new RecordingSink();
        var issued = keys.issue(new IssueApiKeyCommand(Optional.empty(), EnumSet.allOf(Permission.class),
                Optional.empty(), Optional.empty()));
        http = new EngineHttp(server.getURI(), issued.apiKey(), json);
    }

    @AfterAll
    void stop() {
        sink.close();
    }

    private int deliver(String url, HookSecret secret, String deliveryId, String body) throws Exception {
        long ts = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve(url))
                .header("Content-Type", "application/json")
                .header("X-Ruleworks-Timestamp", Long.toString(ts))
                .header("X-Ruleworks-Signature", HookSignatures.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)))
                .header("X-Ruleworks-Delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return anonymous.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private List<Map<String, Object>> executionsOf(String rule) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) http.get(
                "/api/v1/automation/executions?automation_rule_id=" + rule).body().get("data");
        return data;
    }

    @Test
    void a_delivery_runs_the_rule_when_its_conditions_hold_and_is_skipped_when_they_do_not() throws Exception {
        String path = "/escalate";
        Map<String, Object> rule = Map.of("name", "Escalate high tickets", "status", "active",
                "trigger_type", "webhook", "trigger_config", Map.of(),
                "conditions", List.of(Map.of("field", "webhook.body.ticket.priority", "operator", "equals",
                        "value", "high")),
                "actions", List.of(Map.of("type", "webhook_call", "order", 1, "config", Map.of("url", sink.url(path),
                        "body", Map.of("ticket", "{{trigger.webhook.body.ticket.id}}",
                                "delivery", "{{trigger.webhook.delivery_id}}")))));
        EngineHttp.Answer created = http.post("/api/v1/automation/rules", rule);
        assertThat(created.status()).isEqualTo(201);
        String ruleId = (String) created.data().get("rule_id");
        @SuppressWarnings("unchecked")
        Map<String, Object> webhook = (Map<String, Object>) created.data().get("webhook");
        HookSecret secret = new HookSecret((String) webhook.get("signing_secret"));
        String url = (String) webhook.get("url");

        assertThat(deliver(url, secret, "evt-high", "{\"ticket\": {\"id\": 4711, \"priority\": \"high\"}}"))
                .isEqualTo(202);
        assertThat(deliver(url, secret, "evt-low", "{\"ticket\": {\"id\": 4712, \"priority\": \"low\"}}"))
                .isEqualTo(202);

        await().atMost(WAIT).untilAsserted(() -> assertThat(executionsOf(ruleId))
                .extracting(e -> e.get("status")).containsExactlyInAnyOrder("completed", "skipped"));
        assertThat(sink.receivedOn(path)).singleElement().satisfies(r ->
                assertThat(r.body()).contains("4711").contains("evt-high").doesNotContain("4712"));
    }
}
