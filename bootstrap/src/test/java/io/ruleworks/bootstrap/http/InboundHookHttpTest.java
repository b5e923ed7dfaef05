package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.bootstrap.http.support.RuleJson;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.HookSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbound hooks over real HTTP: the secret shown once, signed deliveries queue executions, every
 * refusal is in the envelope and queues nothing, and only the hook route goes without an API key.
 * Workers are off: executions stay pending, so counting them counts what the hook created.
 */
@MicronautTest(transactional = false)
class InboundHookHttpTest extends HttpTestBase {

    private static final String HOOKS = "/api/v1/automation/hooks/";

    private Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.queue.workers.enabled", "false");
        properties.put("ruleworks.schedules.enabled", "false");
        properties.put("ruleworks.hooks.max-body-size", "1KB");
        properties.put("ruleworks.hooks.secret-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        return properties;
    }

    @BeforeAll
    void issueKey() {
        IssuedApiKey owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
    }

    private record Hook(String ruleId, HookSecret secret) {
    }

    private static RuleJson webhookRule(String status) {
        return RuleJson.of("""
                {"name": "Ticket hook", "status": "%s", "trigger_type": "webhook", "trigger_config": {},
                 "conditions": [{"field": "webhook.body.ticket.priority", "operator": "equals", "value": "high"}],
                 "actions": [{"type": "webhook_call", "order": 1,
                              "config": {"url": "https://hooks.example.com/escalate"}}]}
                """.formatted(status));
    }

    private Hook createHook(String status) {
        JsonNode data = api.post(RULES, webhookRule(status).json()).expectStatus(201).data();
        return new Hook(data.path("rule_id").asText(), new HookSecret(data.path("webhook").path("signing_secret").asText()));
    }

    private Reply deliver(String ruleId, HookSecret secret, long timestamp, String deliveryId, String body) {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return anonymous().withHeader("X-Ruleworks-Timestamp", Long.toString(timestamp))
                .withHeader("X-Ruleworks-Signature", HookSignatures.sign(secret, timestamp, raw))
                .withHeader("X-Ruleworks-Delivery", deliveryId)
                .post(HOOKS + ruleId, body);
    }

    private Reply deliver(Hook hook, String deliveryId, String body) {
        return deliver(hook.ruleId(), hook.secret(), now(), deliveryId, body);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private List<JsonNode> executionsOf(String ruleId) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/automation/executions?automation_rule_id=" + ruleId).expectStatus(200).data()
                .forEach(out::add);
        return out;
    }

    private void assertRefused(Reply reply, int status, String code, String ruleId) {
        reply.expectStatus(status);
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.body()).doesNotContain("whsec_");
        assertThat(executionsOf(ruleId)).isEmpty();
    }

    @Test
    void the_signing_secret_is_shown_once_on_creation_and_never_by_get_or_list() {
        Reply created = api.post(RULES, webhookRule("active").json()).expectStatus(201);
        String ruleId = created.data().path("rule_id").asText();

        assertThat(created.data().path("webhook").path("signing_secret").asText()).matches("whsec_[A-Za-z0-9_-]{43}");
        assertThat(created.data().path("webhook").path("url").asText()).isEqualTo(HOOKS + ruleId);
        assertThat(created.data().path("trigger_type").asText()).isEqualTo("webhook");
        Reply fetched = api.get(RULES + "/" + ruleId).expectStatus(200);
        assertThat(fetched.data().has("webhook")).isFalse();
        assertThat(fetched.body()).doesNotContain("whsec_");
        assertThat(api.get(RULES + "?trigger_type=webhook").expectStatus(200).body()).doesNotContain("whsec_");
        assertThat(sql.queryLong("SELECT count(*) FROM rule_hook_secrets WHERE rule_id = ?::uuid "
                + "AND current_secret LIKE 'aesgcm:%' AND position(? IN current_secret) = 0", ruleId,
                created.data().path("webhook").path("signing_secret").asText())).isEqualTo(1);
    }

    @Test
    void a_rule_of_another_trigger_type_gets_no_secret_until_it_becomes_a_webhook_rule() {
        Reply created = api.post(RULES, RuleJson.aRule().json()).expectStatus(201);
        String ruleId = created.data().path("rule_id").asText();

        Reply turned = api.put(RULES + "/" + ruleId, """
                {"trigger_type": "webhook", "trigger_config": {}}""").expectStatus(200);
        Reply renamed = api.put(RULES + "/" + ruleId, """
                {"name": "Renamed"}""").expectStatus(200);

        assertThat(created.data().has("webhook")).isFalse();
        assertThat(turned.data().path("webhook").path("signing_secret").asText()).startsWith("whsec_");
        assertThat(renamed.data().has("webhook")).isFalse();
    }

    @Test
    void a_signed_delivery_without_an_api_key_queues_an_execution_with_the_delivery_as_trigger_data() {
        Hook hook = createHook("active");

        Reply accepted = deliver(hook, "delivery-1", """
                {"ticket": {"id": 42, "priority": "high"}}""").expectStatus(202);

        String executionId = accepted.data().path("execution_id").asText();
        JsonNode execution = api.get("/api/v1/automation/executions/" + executionId).expectStatus(200).data();
        assertThat(execution.path("automation_rule_id").asText()).isEqualTo(hook.ruleId());
        assertThat(execution.path("execution_context").path("trigger").asText()).isEqualTo("webhook");
        assertThat(execution.path("status").asText()).isEqualTo("pending");
        assertThat(executionsOf(hook.ruleId())).hasSize(1);
        JsonNode stored = execution.path("trigger_data");
        assertThat(stored.path("webhook").path("delivery_id").asText()).isEqualTo("delivery-1");
        assertThat(stored.path("webhook").path("body").path("ticket").path("id").asInt()).isEqualTo(42);
        assertThat(stored.path("webhook").path("headers").has("x-ruleworks-signature")).isFalse();
        assertThat(stored.path("webhook").path("headers").path("x-ruleworks-delivery").asText()).isEqualTo("delivery-1");
    }

    @Test
    void a_missing_signature_is_401_and_executes_nothing() {
        Hook hook = createHook("active");

        assertRefused(anonymous().withHeader("X-Ruleworks-Delivery", "d-1").post(HOOKS + hook.ruleId(), "{}"),
                401, "HOOK_SIGNATURE_MISSING", hook.ruleId());
    }

    @Test
    void a_signature_by_another_secret_is_401_and_executes_nothing() {
        Hook hook = createHook("active");

        assertRefused(deliver(hook.ruleId(), HookSecret.generate(), now(), "d-1", "{}"), 401, "HOOK_SIGNATURE_INVALID",
                hook.ruleId());
    }

    @Test
    void a_tampered_body_is_401_and_executes_nothing() {
        Hook hook = createHook("active");
        long ts = now();
        String signature = HookSignatures.sign(hook.secret(), ts, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        Reply reply = anonymous().withHeader("X-Ruleworks-Timestamp", Long.toString(ts))
                .withHeader("X-Ruleworks-Signature", signature).withHeader("X-Ruleworks-Delivery", "d-1")
                .post(HOOKS + hook.ruleId(), "{\"a\":2}");

        assertRefused(reply, 401, "HOOK_SIGNATURE_INVALID", hook.ruleId());
    }

    @ParameterizedTest
    @ValueSource(longs = {-301, 301})
    void a_timestamp_outside_the_window_is_401_and_executes_nothing(long offset) {
        Hook hook = createHook("active");

        assertRefused(deliver(hook.ruleId(), hook.secret(), now() + offset, "d-1", "{}"), 401,
                "HOOK_TIMESTAMP_OUT_OF_WINDOW", hook.ruleId());
    }

    @Test
    void an_unknown_rule_answers_exactly_like_a_bad_signature() {
        Hook hook = createHook("active");
        String unknown = UUID.randomUUID().toString();

        Reply toUnknown = deliver(unknown, hook.secret(), now(), "d-1", "{}").expectStatus(401);
        Reply badSignature = deliver(hook.ruleId(), HookSecret.generate(), now(), "d-1", "{}").expectStatus(401);

        assertThat(toUnknown.errorCode()).isEqualTo(badSignature.errorCode()).isEqualTo("HOOK_SIGNATURE_INVALID");
        assertThat(toUnknown.json().path("error").path("message"))
                .isEqualTo(badSignature.json().path("error").path("message"));
        assertThat(executionsOf(hook.ruleId())).isEmpty();
    }

    @Test
    void a_signed_delivery_to_an_inactive_rule_is_404_and_executes_nothing() {
        Hook hook = createHook("inactive");

        assertRefused(deliver(hook, "d-1", "{}"), 404, "HOOK_NOT_FOUND", hook.ruleId());
    }

    @Test
    void a_signed_delivery_to_a_rule_that_is_no_longer_a_webhook_rule_is_404() {
        Hook hook = createHook("active");
        api.put(RULES + "/" + hook.ruleId(), """
                {"trigger_type": "manual", "trigger_config": {}}""").expectStatus(200);

        assertRefused(deliver(hook, "d-1", "{}"), 404, "HOOK_NOT_FOUND", hook.ruleId());
    }

    @Test
    void a_replayed_delivery_is_409_naming_the_first_execution_and_executes_nothing_more() {
        Hook hook = createHook("active");
        String first = deliver(hook, "d-1", "{\"n\":1}").expectStatus(202).data().path("execution_id").asText();

        Reply replay = deliver(hook.ruleId(), hook.secret(), now() + 1, "d-1", "{\"n\":1}").expectStatus(409);

        assertThat(replay.errorCode()).isEqualTo("HOOK_DELIVERY_REPLAYED");
        assertThat(replay.errorDetails().path("execution_id").asText()).isEqualTo(first);
        assertThat(executionsOf(hook.ruleId())).hasSize(1);
    }

    @Test
    void a_delivery_without_a_delivery_id_is_400_and_executes_nothing() {
        Hook hook = createHook("active");
        long ts = now();

        Reply reply = anonymous().withHeader("X-Ruleworks-Timestamp", Long.toString(ts))
                .withHeader("X-Ruleworks-Signature", HookSignatures.sign(hook.secret(), ts, "{}".getBytes(StandardCharsets.UTF_8)))
                .post(HOOKS + hook.ruleId(), "{}");

        assertRefused(reply, 400, "HOOK_DELIVERY_ID_MISSING", hook.ruleId());
    }

    @Test
    void a_signed_body_that_is_not_a_json_object_is_400_and_executes_nothing() {
        Hook hook = createHook("active");

        assertRefused(deliver(hook, "d-1", "[1, 2]"), 400, "HOOK_BODY_NOT_JSON_OBJECT", hook.ruleId());
    }

    @Test
    void a_body_over_the_limit_is_413_and_executes_nothing() {
        Hook hook = createHook("active");
        String big = "{\"pad\": \"" + "x".repeat(2048) + "\"}";

        assertRefused(deliver(hook, "d-1", big), 413, "HOOK_BODY_TOO_LARGE", hook.ruleId());
    }

    @Test
    void rotation_shows_a_new_secret_once_and_the_old_one_still_verifies_within_the_grace_period() {
        Hook hook = createHook("active");

        Reply rotated = api.post(RULES + "/" + hook.ruleId() + "/hook-secret/rotate", "").expectStatus(200);

        HookSecret next = new HookSecret(rotated.data().path("signing_secret").asText());
        assertThat(next).isNotEqualTo(hook.secret());
        assertThat(Instant.parse(rotated.data().path("previous_secret_valid_until").asText()))
                .isAfter(Instant.now().plusSeconds(23 * 3600));
        deliver(hook, "old-secret", "{\"n\":1}").expectStatus(202);
        deliver(hook.ruleId(), next, now(), "new-secret", "{\"n\":2}").expectStatus(202);
        assertThat(executionsOf(hook.ruleId())).hasSize(2);
    }

    @Test
    void rotation_needs_an_api_key_with_update_and_a_webhook_rule() {
        Hook hook = createHook("active");
        String manual = api.post(RULES, RuleJson.aRule().json()).expectStatus(201).data().path("rule_id").asText();

        anonymous().post(RULES + "/" + hook.ruleId() + "/hook-secret/rotate", "").expectStatus(401);
        assertThat(api.post(RULES + "/" + manual + "/hook-secret/rotate", "").expectStatus(409).errorCode())
                .isEqualTo("RULE_NOT_WEBHOOK_TRIGGERED");
    }

    @Test
    void only_a_post_to_a_hook_goes_without_an_api_key() {
        Hook hook = createHook("active");
        List<Reply> withoutKey = List.of(
                anonymous().get(RULES),
                anonymous().get(RULES + "/" + hook.ruleId()),
                anonymous().post(RULES, webhookRule("active").json()),
                anonymous().get("/api/v1/automation/executions"),
                anonymous().get(HOOKS + hook.ruleId()),
                anonymous().post(HOOKS + hook.ruleId() + "/extra", "{}"),
                anonymous().post(HOOKS + "not-a-uuid", "{}"),
                anonymous().post("/api/v1/automation/hooks", "{}"),
                anonymous().post(RULES + "/" + hook.ruleId() + "/execute", "{}"),
                anonymous().post(RULES + "/" + hook.ruleId() + "/hook-secret/rotate", ""));

        assertThat(withoutKey).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
            assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
        });
        assertThat(anonymous().post(HOOKS + hook.ruleId(), "{}").errorCode()).isEqualTo("HOOK_SIGNATURE_MISSING");
    }

    @Test
    void the_same_delivery_posted_twenty_times_at_once_creates_exactly_one_execution() throws Exception {
        Hook hook = createHook("active");
        long ts = now();
        int copies = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return deliver(hook.ruleId(), hook.secret(), ts, "same-delivery", "{\"n\":1}");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Reply> f : futures) {
                statuses.add(f.get().status());
            }

            assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(copies - 1);
            assertThat(executionsOf(hook.ruleId())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
