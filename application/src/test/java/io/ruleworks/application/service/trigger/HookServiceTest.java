package io.ruleworks.application.service.trigger;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.Hooks;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.InMemoryHookStore;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.application.port.in.hook.ReceiveHookUseCase.HookDelivery;
import io.ruleworks.application.port.in.hook.RotateHookSecretUseCase.RotatedHookSecret;
import io.ruleworks.application.port.in.rule.CreateRuleUseCase.CreateRuleCommand;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.rule.UpdateRuleUseCase.UpdateRuleCommand;
import io.ruleworks.application.service.rule.RuleService;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.Capabilities;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.hook.HookRejectedException;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.HookSignatures;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.ConflictException;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HookServiceTest {

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final InMemoryHookStore store = new InMemoryHookStore();
    private final HookService hooks = Hooks.service(store, rules, executions, clock);
    private final RuleService ruleService = new RuleService(rules, executions, new DirectTransactions(), clock,
            Capabilities.standard(), hooks);
    private final TenantId tenant = TenantIds.random();
    private final Caller caller = Callers.withAll(tenant);

    private RuleDetails webhookRule(String status) {
        return ruleService.create(new CreateRuleCommand(caller, RuleDrafts.aRule().withStatus(status)
                .withTrigger("webhook", RuleDrafts.inboundWebhook()).build()));
    }

    private HookDelivery signed(RuleDetails rule, HookSecret secret, String deliveryId, String body) {
        long ts = clock.instant().getEpochSecond();
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        Optional<Map<String, Object>> parsed = body.startsWith("{") ? Optional.of(Json.object("ticket", 42))
                : Optional.empty();
        return new HookDelivery(rule.id().toString(), Optional.of(Long.toString(ts)),
                Optional.of(HookSignatures.sign(secret, ts, raw)), Optional.of(deliveryId), raw, parsed,
                Map.of("user-agent", "psa/1"));
    }

    private HookRejectedException refusal(HookDelivery delivery) {
        return catchThrowableOfType(HookRejectedException.class, () -> hooks.receive(delivery));
    }

    @Test
    void a_webhook_rule_gets_a_secret_on_creation_that_is_stored_for_verification() {
        RuleDetails rule = webhookRule("active");

        HookSecret secret = rule.issuedHookSecret().orElseThrow();
        assertThat(store.stored(rule.id()).orElseThrow().current()).isEqualTo(secret);
    }

    @Test
    void a_rule_of_another_trigger_gets_no_secret() {
        RuleDetails rule = ruleService.create(new CreateRuleCommand(caller, RuleDrafts.manualWebhookRule()));

        assertThat(rule.issuedHookSecret()).isEmpty();
        assertThat(store.stored(rule.id())).isEmpty();
    }

    @Test
    void a_rule_that_becomes_a_webhook_rule_gets_a_secret_and_one_that_stays_one_keeps_it() {
        RuleDetails manual = ruleService.create(new CreateRuleCommand(caller, RuleDrafts.manualWebhookRule()));

        RuleDetails turned = ruleService.update(new UpdateRuleCommand(caller, manual.id(),
                RuleDrafts.aPatch().withTrigger("webhook", RuleDrafts.inboundWebhook()).build()));
        RuleDetails renamed = ruleService.update(new UpdateRuleCommand(caller, manual.id(),
                RuleDrafts.aPatch().withName("Renamed").build()));

        assertThat(turned.issuedHookSecret()).isPresent();
        assertThat(renamed.issuedHookSecret()).isEmpty();
        assertThat(store.stored(manual.id()).orElseThrow().current()).isEqualTo(turned.issuedHookSecret().get());
    }

    @Test
    void a_signed_delivery_queues_one_execution_with_the_webhook_trigger_data() {
        RuleDetails rule = webhookRule("active");

        ExecutionId id = hooks.receive(signed(rule, rule.issuedHookSecret().get(), "d-1", "{\"ticket\":42}"));

        AutomationExecution execution = executions.findById(tenant, id).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> webhook = (Map<String, Object>) execution.triggerData().get("webhook");
        assertThat(webhook).containsEntry("delivery_id", "d-1").containsEntry("body", Map.of("ticket", 42))
                .containsEntry("headers", Map.of("user-agent", "psa/1"))
                .containsEntry("received_at", clock.instant().toString());
        assertThat(execution.context().toJson()).containsEntry("trigger", "webhook");
    }

    @Test
    void the_same_delivery_id_again_is_a_replay_naming_the_first_execution_and_executes_nothing() {
        RuleDetails rule = webhookRule("active");
        HookSecret secret = rule.issuedHookSecret().get();
        ExecutionId first = hooks.receive(signed(rule, secret, "d-1", "{\"ticket\":42}"));
        clock.advance(Duration.ofSeconds(3));

        HookRejectedException replay = refusal(signed(rule, secret, "d-1", "{\"ticket\":42}"));

        assertThat(replay.code()).isEqualTo("HOOK_DELIVERY_REPLAYED");
        assertThat(replay.details()).containsEntry("execution_id", first.toString());
        assertThat(executions.all()).hasSize(1);
    }

    @Test
    void the_same_signed_content_under_a_new_delivery_id_is_a_replay_too() {
        RuleDetails rule = webhookRule("active");
        HookSecret secret = rule.issuedHookSecret().get();
        hooks.receive(signed(rule, secret, "d-1", "{\"ticket\":42}"));

        assertThat(refusal(signed(rule, secret, "d-2", "{\"ticket\":42}")).code()).isEqualTo("HOOK_DELIVERY_REPLAYED");
        assertThat(executions.all()).hasSize(1);
    }

    @Test
    void an_unknown_rule_is_refused_like_a_bad_signature_so_its_existence_is_not_revealed() {
        RuleDetails rule = webhookRule("active");
        HookDelivery delivery = signed(rule, HookSecret.generate(), "d-1", "{}");
        HookDelivery unknown = new HookDelivery(RuleId.newId().toString(), delivery.timestamp(), delivery.signature(),
                delivery.deliveryId(), delivery.rawBody(), delivery.body(), delivery.headers());

        assertThat(refusal(delivery).code()).isEqualTo("HOOK_SIGNATURE_INVALID");
        assertThat(refusal(unknown).code()).isEqualTo("HOOK_SIGNATURE_INVALID");
        assertThat(refusal(new HookDelivery("not-a-uuid", delivery.timestamp(), delivery.signature(),
                delivery.deliveryId(), delivery.rawBody(), delivery.body(), delivery.headers())).code())
                .isEqualTo("HOOK_SIGNATURE_INVALID");
        assertThat(executions.all()).isEmpty();
    }

    @Test
    void an_unknown_rule_id_goes_through_the_same_signature_verification_as_a_known_one() {
        List<HookSecret> signedWith = new ArrayList<>();
        HookService counting = new HookService(store, rules, executions, new RecordingExecutionQueue(),
                new DirectTransactions(), Hooks.SETTINGS, clock, (secret, timestamp, body) -> {
                    signedWith.add(secret);
                    return HookSignatures.Signer.HMAC_SHA256.sign(secret, timestamp, body);
                });
        RuleDetails rule = webhookRule("active");
        HookDelivery wrong = signed(rule, HookSecret.generate(), "d-1", "{}");
        HookDelivery unknown = new HookDelivery(RuleId.newId().toString(), wrong.timestamp(), wrong.signature(),
                wrong.deliveryId(), wrong.rawBody(), wrong.body(), wrong.headers());

        catchThrowableOfType(HookRejectedException.class, () -> counting.receive(wrong));
        int forKnown = signedWith.size();
        signedWith.clear();
        HookRejectedException refused = catchThrowableOfType(HookRejectedException.class,
                () -> counting.receive(unknown));

        assertThat(refused.code()).isEqualTo("HOOK_SIGNATURE_INVALID");
        assertThat(forKnown).isEqualTo(HookSignatures.MAX_SECRETS);
        assertThat(signedWith).hasSize(forKnown).doesNotContain(rule.issuedHookSecret().get());
    }

    @Test
    void a_signed_body_with_values_that_cannot_be_stored_is_refused_with_their_paths_and_executes_nothing() {
        RuleDetails rule = webhookRule("active");
        HookDelivery delivery = signed(rule, rule.issuedHookSecret().get(), "d-1", "{}");
        HookDelivery unstorable = new HookDelivery(delivery.ruleId(), delivery.timestamp(), delivery.signature(),
                delivery.deliveryId(), delivery.rawBody(), delivery.body(), delivery.headers(),
                List.of(new FieldViolation("ticket.title", "must not contain the NUL character (U+0000)")));

        HookRejectedException e = refusal(unstorable);

        assertThat(e.code()).isEqualTo("HOOK_BODY_INVALID");
        assertThat(e.kind()).isEqualTo(HookRejectedException.Kind.MALFORMED);
        assertThat(e.details()).containsEntry("field", "ticket.title");
        assertThat(executions.all()).isEmpty();
    }

    @Test
    void a_correctly_signed_delivery_to_an_inactive_rule_is_not_found() {
        RuleDetails rule = webhookRule("inactive");

        HookRejectedException e = refusal(signed(rule, rule.issuedHookSecret().get(), "d-1", "{}"));

        assertThat(e.kind()).isEqualTo(HookRejectedException.Kind.NOT_FOUND);
        assertThat(executions.all()).isEmpty();
    }

    @Test
    void a_correctly_signed_delivery_to_a_rule_no_longer_triggered_by_webhook_is_not_found() {
        RuleDetails rule = webhookRule("active");
        ruleService.update(new UpdateRuleCommand(caller, rule.id(),
                RuleDrafts.aPatch().withTrigger("manual", Json.object()).build()));

        assertThat(refusal(signed(rule, rule.issuedHookSecret().get(), "d-1", "{}")).code())
                .isEqualTo("HOOK_NOT_FOUND");
    }

    @Test
    void a_body_that_is_not_a_json_object_is_refused_after_the_signature() {
        RuleDetails rule = webhookRule("active");

        assertThat(refusal(signed(rule, rule.issuedHookSecret().get(), "d-1", "[1,2]")).code())
                .isEqualTo("HOOK_BODY_NOT_JSON_OBJECT");
        assertThat(refusal(signed(rule, HookSecret.generate(), "d-1", "[1,2]")).code())
                .isEqualTo("HOOK_SIGNATURE_INVALID");
    }

    @Test
    void a_delivery_without_a_delivery_id_is_refused() {
        RuleDetails rule = webhookRule("active");
        HookDelivery d = signed(rule, rule.issuedHookSecret().get(), "d-1", "{}");

        assertThat(refusal(new HookDelivery(d.ruleId(), d.timestamp(), d.signature(), Optional.empty(), d.rawBody(),
                d.body(), d.headers())).code()).isEqualTo("HOOK_DELIVERY_ID_MISSING");
        assertThat(refusal(new HookDelivery(d.ruleId(), d.timestamp(), d.signature(), Optional.of("has space"),
                d.rawBody(), d.body(), d.headers())).code()).isEqualTo("HOOK_DELIVERY_ID_INVALID");
    }

    @Test
    void after_rotation_the_old_secret_works_during_the_grace_period_and_not_after() {
        RuleDetails rule = webhookRule("active");
        HookSecret old = rule.issuedHookSecret().get();

        RotatedHookSecret rotated = hooks.rotate(caller, rule.id());

        assertThat(rotated.secret()).isNotEqualTo(old);
        assertThat(rotated.previousValidUntil()).contains(clock.instant().plus(Duration.ofHours(24)));
        hooks.receive(signed(rule, old, "d-1", "{}"));
        hooks.receive(signed(rule, rotated.secret(), "d-2", "{\"a\":1}"));
        clock.advance(Duration.ofHours(24));
        assertThat(refusal(signed(rule, old, "d-3", "{}")).code()).isEqualTo("HOOK_SIGNATURE_INVALID");
        hooks.receive(signed(rule, rotated.secret(), "d-4", "{}"));
        assertThat(executions.all()).hasSize(3);
    }

    @Test
    void only_a_webhook_rule_has_a_secret_to_rotate() {
        RuleDetails manual = ruleService.create(new CreateRuleCommand(caller, RuleDrafts.manualWebhookRule()));

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> hooks.rotate(caller, manual.id()));

        assertThat(e.code()).isEqualTo("RULE_NOT_WEBHOOK_TRIGGERED");
    }

    @Test
    void another_tenant_cannot_rotate_a_rules_secret() {
        RuleDetails rule = webhookRule("active");

        assertThat(catchThrowableOfType(io.ruleworks.domain.shared.NotFoundException.class,
                () -> hooks.rotate(Callers.withAll(TenantIds.random()), rule.id()))).isNotNull();
        assertThat(store.stored(rule.id()).orElseThrow().previous()).isEmpty();
    }

    @Test
    void pruning_forgets_deliveries_older_than_the_retention_only() {
        RuleDetails rule = webhookRule("active");
        HookSecret secret = rule.issuedHookSecret().get();
        hooks.receive(signed(rule, secret, "old", "{}"));
        clock.advance(Duration.ofHours(23));
        hooks.receive(signed(rule, secret, "new", "{}"));
        clock.advance(Duration.ofHours(2));

        assertThat(hooks.prune()).isEqualTo(1);
        assertThat(store.deliveries()).extracting(InMemoryHookStore.Delivery::deliveryId).containsExactly("new");
    }

    @Test
    void a_retention_shorter_than_twice_the_window_is_refused_at_start() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new HookService.Settings(
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(9)))).isNotNull();
    }
}
