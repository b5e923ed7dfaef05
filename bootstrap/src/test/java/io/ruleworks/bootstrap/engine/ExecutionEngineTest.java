package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The execution engine over real HTTP, with the PostgreSQL queue and a real HTTP peer on loopback. */
@MicronautTest(transactional = false)
class ExecutionEngineTest extends EngineTestBase {

    private static final String SINK_TOKEN = "sink-token-7f3a9c";

    private RecordingSink sink;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(SHORT_LEASES);
        settings.put("ruleworks.engine.action-retry-base", "10ms");
        settings.put("ruleworks.engine.action-retry-cap", "50ms");
        settings.put("ruleworks.secrets.shared.SINK_TOKEN", SINK_TOKEN);
        return settings;
    }

    @BeforeAll
    void startSink() throws IOException {
        sink = new RecordingSink();
    }

    @BeforeEach
    void resetSink() {
        sink.respondWith(200);
        sink.delay(Duration.ZERO);
    }

    @AfterAll
    void stop() {
        sink.close();
    }

    private String rule(Map<String, Object> overrides, List<Map<String, Object>> actions) {
        Map<String, Object> body = manualRule("engine test", actions);
        body.putAll(overrides);
        return create(http, body);
    }

    private static Map<String, Object> webhook(int order, String url, Object body) {
        Map<String, Object> action = EngineTestBase.webhook(order, url);
        if (body != null) {
            map(action.get("config")).put("body", body);
        }
        return action;
    }

    private EngineHttp.Answer execute(String rule, Map<String, Object> extra, String... headers) {
        Map<String, Object> body = new HashMap<>(Map.of("automation_rule_id", rule));
        body.putAll(extra);
        return http.post(RULES + "/" + rule + "/execute", body, headers);
    }

    @Test
    void a_manual_execution_runs_its_actions_in_order_with_templates_and_idempotency_keys() {
        String path = "/lifecycle";
        String rule = rule(Map.of("conditions", List.of(Map.of("field", "ticket.priority", "operator", "equals",
                        "value", "P1"))),
                List.of(webhook(1, sink.url(path), Map.of("title", "{{trigger.ticket.title}}")),
                        webhook(2, sink.url(path + "/2"), Map.of("previous", "{{actions.1.result.body.id}}"))));

        EngineHttp.Answer answer = execute(rule, Map.of("execution_data",
                Map.of("ticket", Map.of("priority", "P1", "title", "Mail down"))));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.data().get("status")).isEqualTo("pending");
        String execution = (String) answer.data().get("execution_id");
        Map<String, Object> done = awaitStatus(execution, "completed", "failed");
        assertThat(done.get("status")).isEqualTo("completed");
        assertThat(done.get("actions_successful")).isEqualTo(2);
        assertThat(sink.receivedOn(path)).singleElement().satisfies(r -> {
            assertThat(r.body()).isEqualTo("{\"title\":\"Mail down\"}");
            assertThat(r.idempotencyKey()).isEqualTo(execution + ":0:0:1");
        });
        assertThat(sink.receivedOn(path + "/2")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"previous\":\"remote-42\"}"));
    }

    @Test
    void an_execution_whose_conditions_do_not_hold_is_skipped_without_calling_anything() {
        String path = "/skipped";
        String rule = rule(Map.of("conditions", List.of(Map.of("field", "ticket.priority", "operator", "equals",
                "value", "P1"))), List.of(webhook(1, sink.url(path), null)));

        String execution = (String) execute(rule, Map.of("execution_data", Map.of("ticket", Map.of("priority", "P3"))))
                .data().get("execution_id");

        assertThat(awaitStatus(execution, "skipped", "completed").get("status")).isEqualTo("skipped");
        assertThat(sink.receivedOn(path)).isEmpty();
    }

    @Test
    void a_dry_run_records_a_trace_and_sends_nothing() {
        String path = "/dry";
        String rule = rule(Map.of("conditions", List.of(Map.of("field", "ticket.priority", "operator", "equals",
                "value", "P1"))), List.of(webhook(1, sink.url(path), Map.of("t", "{{trigger.ticket.title}}"))));

        EngineHttp.Answer answer = execute(rule, Map.of("dry_run", true, "execution_data",
                Map.of("ticket", Map.of("priority", "P1", "title", "x"))));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.data().get("status")).isEqualTo("completed");
        assertThat(((Map<?, ?>) answer.data().get("execution_context")).get("dry_run")).isEqualTo(true);
        List<?> logs = (List<?>) answer.data().get("logs");
        assertThat(logs).anySatisfy(entry -> assertThat(map(map(entry).get("metadata")))
                .containsEntry("field", "ticket.priority").containsEntry("actual", "P1").containsEntry("result", true));
        assertThat(logs).anySatisfy(entry -> assertThat(String.valueOf(((Map<?, ?>) entry).get("metadata")))
                .contains("rendered_config").contains("t=x"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(sink.receivedOn(path)).isEmpty());
    }

    @Test
    void a_secret_is_sent_to_the_peer_but_never_stored_or_shown() {
        String path = "/secret";
        String rule = rule(Map.of(), List.of(webhook(1, sink.url(path), Map.of("token", "{{secret.SINK_TOKEN}}"))));

        EngineHttp.Answer dryRun = execute(rule, Map.of("dry_run", true));
        String execution = (String) execute(rule, Map.of()).data().get("execution_id");
        Map<String, Object> done = awaitStatus(execution, "completed", "failed");

        assertThat(done.get("status")).isEqualTo("completed");
        assertThat(sink.receivedOn(path)).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"token\":\"" + SINK_TOKEN + "\"}"));
        assertThat(String.valueOf(dryRun.body())).doesNotContain(SINK_TOKEN).contains("[REDACTED]");
        assertThat(String.valueOf(done)).doesNotContain(SINK_TOKEN);
        assertThat(String.valueOf(http.get(RULES + "/" + rule).body()))
                .doesNotContain(SINK_TOKEN).contains("{{secret.SINK_TOKEN}}");
    }

    @Test
    void a_failed_execution_is_reported_to_the_rules_notification_webhook() {
        String path = "/notify";
        String rule = rule(Map.of("notification_settings", Map.of("notify_on_failure", true,
                        "notification_webhooks", List.of(sink.url(path)))),
                List.of(webhook(1, "http://127.0.0.1:1/closed-port", null)));

        String execution = (String) execute(rule, Map.of()).data().get("execution_id");
        Map<String, Object> done = awaitStatus(execution, "completed", "failed");

        assertThat(done.get("status")).isEqualTo("failed");
        await().atMost(WAIT).until(() -> !sink.receivedOn(path).isEmpty());
        assertThat(sink.receivedOn(path)).singleElement().satisfies(r -> {
            assertThat(r.body()).contains("\"execution_id\":\"" + execution + "\"").contains("\"status\":\"failed\"");
            assertThat(r.idempotencyKey()).isEqualTo(execution + ":0:notification:0");
        });
        // the outcome is appended once the final state is saved and the notification went out
        await().atMost(WAIT).untilAsserted(() -> assertThat(String.valueOf(
                http.get(EXECUTIONS + "/" + execution).data().get("logs")))
                .contains("Notification (webhook_call) sent to " + sink.url(path)));
    }

    @Test
    void the_body_rule_id_must_match_the_path() {
        String rule = rule(Map.of(), List.of(webhook(1, sink.url("/mismatch"), null)));

        EngineHttp.Answer answer = http.post(RULES + "/" + rule + "/execute",
                Map.of("automation_rule_id", "00000000-0000-4000-8000-000000000000"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).containsEntry("code", "VALIDATION_ERROR");
        assertThat(map(answer.error().get("details"))).containsEntry("field", "automation_rule_id");
    }

    @Test
    void an_inactive_rule_is_refused_unless_overridden() {
        String rule = rule(Map.of("status", "inactive"), List.of(webhook(1, sink.url("/inactive"), null)));

        EngineHttp.Answer refused = execute(rule, Map.of());
        EngineHttp.Answer overridden = execute(rule, Map.of("override_conditions", true));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).containsEntry("code", "RULE_NOT_ACTIVE");
        assertThat(overridden.status()).isEqualTo(201);
        Map<String, Object> done = awaitStatus((String) overridden.data().get("execution_id"), "completed", "failed");
        assertThat(String.valueOf(done.get("logs"))).contains("override_conditions=true");
    }

    @Test
    void max_concurrent_executions_holds_and_the_excess_waits() throws Exception {
        String path = "/concurrency";
        sink.delay(Duration.ofMillis(400));
        String rule = rule(Map.of("max_concurrent_executions", 2), List.of(webhook(1, sink.url(path), null)));

        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            executions.add((String) execute(rule, Map.of()).data().get("execution_id"));
        }

        for (String execution : executions) {
            assertThat(awaitStatus(execution, "completed", "failed").get("status")).isEqualTo("completed");
        }
        assertThat(sink.receivedOn(path)).hasSize(6);
        assertThat(sink.maxInProgress()).isBetween(1, 2);
    }

    @Test
    void a_failed_execution_can_be_retried_from_the_start_or_from_the_failed_action() {
        String ok = "/retry-ok";
        String flaky = "/retry-flaky";
        String rule = rule(Map.of(), List.of(webhook(1, sink.url(ok), null), webhook(2, sink.url(flaky), null)));
        sink.respondWith(500);
        String execution = (String) execute(rule, Map.of()).data().get("execution_id");
        Map<String, Object> failed = awaitStatus(execution, "failed", "completed");
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat(failed.get("failed_action_index")).isEqualTo(0);
        sink.respondWith(200);

        EngineHttp.Answer fromStart = http.post(EXECUTIONS + "/" + execution + "/retry", Map.of());
        assertThat(fromStart.status()).isEqualTo(200);
        assertThat(fromStart.data()).containsEntry("status", "pending").containsEntry("actions_failed", 0)
                .containsEntry("error_message", null);
        Map<String, Object> completed = awaitStatus(execution, "completed", "failed");
        assertThat(completed.get("status")).isEqualTo("completed");
        assertThat(sink.receivedOn(ok)).hasSize(2);
        assertThat((List<?>) ((Map<?, ?>) completed.get("execution_context")).get("previous_attempts")).hasSize(1);
    }

    @Test
    void a_retry_from_the_failed_action_keeps_earlier_results() {
        String first = "/resume-first";
        String second = "/resume-second";
        String rule = rule(Map.of(), List.of(webhook(1, sink.url(first), null),
                webhook(2, sink.url(second), Map.of("prev", "{{actions.1.result.status_code}}"))));
        sink.fail(second);
        String execution = (String) execute(rule, Map.of()).data().get("execution_id");
        Map<String, Object> failed = awaitStatus(execution, "failed", "completed");
        assertThat(failed).containsEntry("status", "failed").containsEntry("failed_action_index", 1)
                .containsEntry("actions_successful", 1);
        sink.recover(second);

        EngineHttp.Answer resumed = http.post(EXECUTIONS + "/" + execution + "/retry",
                Map.of("from", "failed_action"));

        assertThat(resumed.status()).isEqualTo(200);
        Map<String, Object> done = awaitStatus(execution, "completed", "failed");
        assertThat(done).containsEntry("status", "completed").containsEntry("actions_successful", 2);
        assertThat(sink.receivedOn(first)).hasSize(1);
        assertThat(sink.receivedOn(second)).hasSize(2)
                .allSatisfy(r -> assertThat(r.body()).isEqualTo("{\"prev\":200}"))
                .extracting(RecordingSink.Received::idempotencyKey)
                .containsExactly(execution + ":0:1:1", execution + ":1:1:1");
    }

    @Test
    void retrying_a_completed_execution_is_refused_with_its_status() {
        String rule = rule(Map.of(), List.of(webhook(1, sink.url("/done"), null)));
        String execution = (String) execute(rule, Map.of()).data().get("execution_id");
        awaitStatus(execution, "completed");

        EngineHttp.Answer refused = http.post(EXECUTIONS + "/" + execution + "/retry", Map.of());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(map(refused.error().get("details"))).containsEntry("current_status", "completed");
        assertThat(http.post(EXECUTIONS + "/00000000-0000-4000-8000-000000000000/retry", Map.of())
                .status()).isEqualTo(404);
    }

    @Test
    void a_running_execution_can_be_cancelled_and_its_worker_stops() {
        String first = "/cancel-first";
        String second = "/cancel-second";
        sink.delay(Duration.ofSeconds(3));
        String rule = rule(Map.of(), List.of(webhook(1, sink.url(first), null), webhook(2, sink.url(second), null)));
        String execution = (String) execute(rule, Map.of()).data().get("execution_id");
        awaitStatus(execution, "running");
        await().atMost(WAIT).until(() -> !sink.receivedOn(first).isEmpty());

        EngineHttp.Answer cancelled = http.post(EXECUTIONS + "/" + execution + "/cancel", Map.of());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.data().get("status")).isEqualTo("cancelled");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(sink.receivedOn(second)).isEmpty();
            assertThat(http.get(EXECUTIONS + "/" + execution).data().get("status"))
                    .isEqualTo("cancelled");
        });
    }

    @Test
    void a_webhook_to_loopback_outside_the_allowlist_fails_for_good_without_a_request() throws IOException {
        try (RecordingSink outside = new RecordingSink("127.0.0.2")) {
            Map<String, Object> refused = webhook(1, outside.url("/outside"), null);
            refused.put("retry_attempts", 3);
            String rule = rule(Map.of(), List.of(refused));

            String execution = (String) execute(rule, Map.of()).data().get("execution_id");

            Map<String, Object> failed = awaitStatus(execution, "failed", "completed");
            assertThat(failed.get("status")).isEqualTo("failed");
            assertThat(String.valueOf(failed.get("error_stack")))
                    .startsWith("WEBHOOK_ADDRESS_REFUSED").contains("127.0.0.2").contains("loopback");
            assertThat(String.valueOf(failed.get("logs"))).doesNotContain("retrying in");
            assertThat(outside.receivedOn("/outside")).isEmpty();
        }
    }

    @Test
    void an_action_that_times_out_fails_the_execution() {
        sink.delay(Duration.ofSeconds(3));
        Map<String, Object> slow = webhook(1, sink.url("/slow"), null);
        slow.put("timeout_seconds", 1);
        String rule = rule(Map.of(), List.of(slow));

        String execution = (String) execute(rule, Map.of()).data().get("execution_id");

        Map<String, Object> failed = awaitStatus(execution, "failed", "completed");
        assertThat(failed.get("status")).isEqualTo("failed");
        // the engine's deadline and the webhook client's own deadline are both 1 s: either may notice first
        assertThat(String.valueOf(failed.get("error_stack"))).matches("(?s)(ACTION_TIMEOUT|WEBHOOK_TIMEOUT).*");
        assertThat(((Number) failed.get("duration_ms")).longValue()).isLessThan(2_900);
    }

    @Test
    void a_workflow_cycle_ends_the_child_as_skipped() {
        String rule = rule(Map.of(), List.of(webhook(1, sink.url("/cycle"), null)));
        http.put(RULES + "/" + rule, Map.of("actions", List.of(Map.of("type", "workflow_execution",
                "order", 1, "config", Map.of("rule_id", rule)))));

        String parent = (String) execute(rule, Map.of()).data().get("execution_id");

        assertThat(awaitStatus(parent, "completed", "failed").get("status")).isEqualTo("completed");
        List<?> executions = (List<?>) http.get(EXECUTIONS + "?automation_rule_id=" + rule)
                .body().get("data");
        assertThat(executions).anySatisfy(e -> {
            Map<?, ?> child = (Map<?, ?>) e;
            assertThat(child.get("status")).isEqualTo("skipped");
            assertThat(String.valueOf(child.get("logs"))).contains("loop guard");
            assertThat(((Map<?, ?>) child.get("execution_context")).get("parent_execution_id")).isEqualTo(parent);
        });
    }

    @Test
    void fifty_concurrent_identical_requests_with_one_idempotency_key_create_one_execution() throws Exception {
        String rule = rule(Map.of(), List.of(webhook(1, sink.url("/idem"), null)));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<EngineHttp.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Callable<EngineHttp.Answer> call = () -> {
                gate.await();
                return execute(rule, Map.of("execution_data", Map.of("a", 1)), "Idempotency-Key", "same-key");
            };
            answers.add(pool.submit(call));
        }
        gate.countDown();
        List<Object> ids = new ArrayList<>();
        for (Future<EngineHttp.Answer> answer : answers) {
            EngineHttp.Answer a = answer.get();
            assertThat(a.status()).isEqualTo(201);
            ids.add(a.data().get("execution_id"));
        }
        pool.shutdown();

        assertThat(ids).containsOnly(ids.getFirst());
        EngineHttp.Answer reused = execute(rule, Map.of("execution_data", Map.of("a", 2)), "Idempotency-Key", "same-key");
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.error()).containsEntry("code", "IDEMPOTENCY_KEY_REUSED");
    }
}
