package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.RecordingSink;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.HookSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A webhook rule fired by signed deliveries, end to end: the worker evaluates the rule's conditions
 * against the delivery at run time and renders the delivered body into its action, sent to a
 * recording peer on loopback.
 */
@MicronautTest(transactional = false)
class InboundHookEngineTest extends EngineTestBase {

    private RecordingSink sink;
    private final HttpClient anonymous = HttpClient.newHttpClient();

    @BeforeAll
    void startSink() throws IOException {
        sink = new RecordingSink();
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
        EngineHttp.Answer created = http.post(RULES, rule);
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

        await().atMost(WAIT).untilAsserted(() -> assertThat(executionsOf(http, ruleId))
                .extracting(e -> e.get("status")).containsExactlyInAnyOrder("completed", "skipped"));
        assertThat(sink.receivedOn(path)).singleElement().satisfies(r ->
                assertThat(r.body()).contains("4711").contains("evt-high").doesNotContain("4712"));
    }
}
