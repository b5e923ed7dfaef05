package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.RecordingSink;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /api/v1/automation/events over real HTTP, firing event_based rules whose webhooks reach a loopback peer. */
@MicronautTest(transactional = false)
class EventTriggersEngineTest extends EngineTestBase {

    private static final String EVENTS = "/api/v1/automation/events";

    private RecordingSink sink;
    private EngineHttp otherTenant;
    private EngineHttp readOnly;

    @Override
    protected Map<String, String> settings() {
        return Map.of(
                "ruleworks.events.relay-interval", "100ms",
                "ruleworks.events.windows.tick-interval", "200ms");
    }

    @BeforeAll
    void start() throws IOException {
        sink = new RecordingSink();
        otherTenant = EngineHttp.adminOfNewTenant(server);
        readOnly = EngineHttp.as(server, EngineHttp.issue(server, Optional.of(admin.tenant()), EnumSet.of(Permission.READ)));
    }

    @AfterAll
    void stop() {
        sink.close();
    }

    private String rule(EngineHttp as, Map<String, Object> triggerConfig, String path, Object body) {
        Map<String, Object> config = new HashMap<>(Map.of("url", sink.url(path), "retry_attempts", 0));
        config.put("body", body);
        return create(as, Map.of("name", "event rule " + path,
                "status", "active", "trigger_type", "event_based", "trigger_config", triggerConfig,
                "actions", List.of(Map.of("type", "webhook_call", "order", 1, "config", config))));
    }

    @Test
    void an_event_fires_a_matching_rule_whose_webhook_receives_a_payload_field() {
        String type = "ticket.created." + UUID.randomUUID().toString().substring(0, 8);
        String rule = rule(http, Map.of("event_type", type, "event_filters", Map.of("priority", "P1")), "/created",
                Map.of("title", "{{trigger.event.payload.title}}", "type", "{{trigger.event.type}}"));
        String otherTenantsRule = rule(otherTenant, Map.of("event_type", type), "/other-tenant", Map.of());

        EngineHttp.Answer low = http.post(EVENTS, Map.of("event_type", type, "payload", Map.of("priority", "P3")));
        EngineHttp.Answer answer = http.post(EVENTS, Map.of("event_type", type, "event_source", "psa",
                "payload", Map.of("priority", "P1", "title", "Mail down")));

        assertThat(low.status()).isEqualTo(202);
        assertThat(low.data().get("matched_rules")).isEqualTo(List.of());
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(202);
        assertThat(answer.data()).containsKeys("event_id", "deferred");
        assertThat(answer.data().get("matched_rules")).isEqualTo(List.of(rule));
        assertThat(answer.data().get("matched_rules").toString()).doesNotContain(otherTenantsRule);
        List<?> executions = (List<?>) answer.data().get("executions");
        assertThat(executions).hasSize(1);
        Map<String, Object> done = awaitStatus((String) executions.get(0), "completed", "failed");
        assertThat(done.get("status")).isEqualTo("completed");
        assertThat(done.get("trigger_data").toString()).contains("Mail down").contains(answer.data().get("event_id").toString());
        assertThat(sink.receivedOn("/created")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("\"title\":\"Mail down\"").contains("\"type\":\"" + type + "\""));
        assertThat(sink.receivedOn("/other-tenant")).isEmpty();
    }

    @Test
    void a_duplicate_delivery_answers_the_first_result_and_a_reused_key_is_refused() {
        String type = "invoice.paid." + UUID.randomUUID().toString().substring(0, 8);
        rule(http, Map.of("event_type", type), "/paid", Map.of());
        Map<String, Object> body = Map.of("event_type", type, "payload", Map.of("invoice", 7));

        EngineHttp.Answer first = http.post(EVENTS, body, "Idempotency-Key", "evt-" + type);
        EngineHttp.Answer again = http.post(EVENTS, body, "Idempotency-Key", "evt-" + type);
        EngineHttp.Answer reused = http.post(EVENTS, Map.of("event_type", type, "payload", Map.of("invoice", 8)),
                "Idempotency-Key", "evt-" + type);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.data()).isEqualTo(first.data());
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.error().get("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.receivedOn("/paid")).hasSize(1));
    }

    @Test
    void ingestion_needs_the_execute_permission_and_a_valid_body() {
        EngineHttp.Answer forbidden = readOnly.post(EVENTS, Map.of("event_type", "x", "payload", Map.of()));
        EngineHttp.Answer missing = http.post(EVENTS, Map.of("event_type", "x"));
        EngineHttp.Answer unknown = http.post(EVENTS + "?fieldValidation=Strict",
                Map.of("event_type", "x", "payload", Map.of(), "extra", 1));
        EngineHttp.Answer warned = http.post(EVENTS, Map.of("event_type", "x", "payload", Map.of(), "extra", 1));
        EngineHttp.Answer badDate = http.post(EVENTS, Map.of("event_type", "x", "payload", Map.of(),
                "occurred_at", "yesterday"));
        EngineHttp.Answer reserved = http.post(EVENTS, Map.of("event_type", "automation.execution.failed",
                "payload", Map.of()));

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().toString()).contains("payload");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().toString()).contains("extra");
        assertThat(warned.status()).as("an unknown field is ignored by default (Warn)").isEqualTo(202);
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body().toString()).contains("occurred_at");
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.body().toString()).contains("event_type");
    }

    @Test
    void a_full_batch_fires_one_execution_carrying_all_its_events() {
        String type = "alert.raised." + UUID.randomUUID().toString().substring(0, 8);
        String rule = rule(http, Map.of("event_type", type, "batch_size", 3, "batch_timeout_minutes", 60), "/batch",
                Map.of("count", "{{trigger.event_count}}"));

        EngineHttp.Answer one = http.post(EVENTS, Map.of("event_type", type, "payload", Map.of("n", 1)));
        http.post(EVENTS, Map.of("event_type", type, "payload", Map.of("n", 2)));
        EngineHttp.Answer three = http.post(EVENTS, Map.of("event_type", type, "payload", Map.of("n", 3)));

        assertThat(one.data().get("executions")).isEqualTo(List.of());
        assertThat(one.data().get("deferred").toString()).contains(rule).contains("batched");
        List<?> executions = (List<?>) three.data().get("executions");
        assertThat(executions).hasSize(1);
        Map<String, Object> done = awaitStatus((String) executions.get(0), "completed", "failed");
        assertThat((List<?>) ((Map<?, ?>) done.get("trigger_data")).get("events")).hasSize(3);
        assertThat(sink.receivedOn("/batch")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"count\":3}"));
    }

    @Test
    void a_failed_execution_triggers_a_watcher_rule() {
        sink.fail("/fails");
        String type = "job.run." + UUID.randomUUID().toString().substring(0, 8);
        String failing = rule(http, Map.of("event_type", type), "/fails", Map.of());
        String watcher = rule(http, Map.of("event_type", "automation.execution.failed",
                        "event_filters", Map.of("automation_rule_id", failing)), "/watch",
                Map.of("failed", "{{trigger.event.payload.execution_id}}"));

        String execution = (String) ((List<?>) http.post(EVENTS, Map.of("event_type", type, "payload", Map.of()))
                .data().get("executions")).get(0);

        assertThat(awaitStatus(execution, "failed", "completed").get("status")).isEqualTo("failed");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.receivedOn("/watch")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"failed\":\"" + execution + "\"}")));
        Map<String, Object> watcherRuns = http.get(EXECUTIONS + "?automation_rule_id=" + watcher).body();
        assertThat(watcherRuns.toString()).contains("event_based").contains(failing);
    }
}
