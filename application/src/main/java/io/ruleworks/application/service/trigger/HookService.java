package io.ruleworks.application.service.trigger;

import io.ruleworks.application.port.in.hook.PruneHookDeliveriesUseCase;
import io.ruleworks.application.port.in.hook.ReceiveHookUseCase;
import io.ruleworks.application.port.in.hook.RotateHookSecretUseCase;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.hook.HookStore;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.hook.HookRejectedException;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.HookSignatures;
import io.ruleworks.domain.hook.RuleHook;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.ConflictException;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.NotFoundException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.ruleworks.domain.hook.HookRejectedException.Kind.MALFORMED;
import static io.ruleworks.domain.hook.HookRejectedException.Kind.NOT_FOUND;
import static io.ruleworks.domain.hook.HookRejectedException.Kind.REPLAYED;
import static io.ruleworks.domain.hook.HookRejectedException.Kind.UNAUTHENTICATED;

/**
 * Inbound hooks of webhook-triggered rules: issues and rotates their signing secrets, and turns a
 * signed delivery into a pending execution (see {@link ReceiveHookUseCase} for the order of the
 * checks). A delivery is recorded in the same transaction as its execution, so a delivery id (or
 * the same signed content) makes at most one execution however many times it arrives.
 */
public final class HookService implements ReceiveHookUseCase, RotateHookSecretUseCase, PruneHookDeliveriesUseCase {

    public static final String RULE_NOT_WEBHOOK_TRIGGERED = "RULE_NOT_WEBHOOK_TRIGGERED";
    private static final Pattern DELIVERY_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");

    /** {@code window}: accepted clock skew both ways; deliveries are remembered for {@code deliveryRetention}. */
    public record Settings(Duration window, Duration rotationGrace, Duration deliveryRetention) {
        public Settings {
            if (rotationGrace.isNegative()) {
                throw new IllegalArgumentException("ruleworks.hooks.rotation-grace must not be negative");
            }
            if (deliveryRetention.compareTo(window.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("ruleworks.hooks.delivery-retention must be at least twice "
                        + "ruleworks.hooks.timestamp-window, or a replay could outlive its record");
            }
        }
    }

    private final HookStore hooks;
    private final AutomationRuleRepository rules;
    private final AutomationExecutionRepository executions;
    private final ExecutionQueue queue;
    private final Transactions transactions;
    private final Settings settings;
    private final HookSignatures signatures;
    private final HookSignatures.Signer signer;
    private final Clock clock;

    public HookService(HookStore hooks, AutomationRuleRepository rules, AutomationExecutionRepository executions,
                       ExecutionQueue queue, Transactions transactions, Settings settings, Clock clock) {
        this(hooks, rules, executions, queue, transactions, settings, clock, HookSignatures.Signer.HMAC_SHA256);
    }

    /** With the function that computes signatures named ({@code signer}): tests count its calls. */
    public HookService(HookStore hooks, AutomationRuleRepository rules, AutomationExecutionRepository executions,
                       ExecutionQueue queue, Transactions transactions, Settings settings, Clock clock,
                       HookSignatures.Signer signer) {
        this.hooks = hooks;
        this.rules = rules;
        this.executions = executions;
        this.queue = queue;
        this.transactions = transactions;
        this.settings = settings;
        this.signatures = new HookSignatures(settings.window());
        this.clock = clock;
        this.signer = signer;
    }

    /**
     * Called by the rule use cases inside their transaction when a rule is created as, or becomes,
     * a webhook rule: issues its first secret, to be shown this once.
     */
    public Optional<HookSecret> issueIfWebhook(AutomationRule rule) {
        if (rule.definition().triggerType() != TriggerType.WEBHOOK) {
            return Optional.empty();
        }
        HookSecret secret = HookSecret.generate();
        hooks.save(RuleHook.issued(rule.tenant(), rule.id(), secret), clock.instant());
        return Optional.of(secret);
    }

    /** The body holds values that cannot be stored: refused like a validation error, with every path. */
    private static HookRejectedException unstorable(List<FieldViolation> violations) {
        FieldViolation first = violations.getFirst();
        return new HookRejectedException(MALFORMED, HookRejectedException.BODY_INVALID,
                "The body holds a value that cannot be stored: " + first.field() + " " + first.message(),
                Map.of("field", first.field(), "errors", violations.stream()
                        .map(v -> Map.of("field", v.field(), "message", v.message())).toList()));
    }

    @Override
    public ExecutionId receive(HookDelivery delivery) {
        Instant now = clock.instant();
        List<byte[]> presented = signatures.checkHeaders(delivery.timestamp(), delivery.signature(), now);
        String deliveryId = deliveryId(delivery.deliveryId());
        Optional<RuleHook> hook = ruleId(delivery.ruleId()).flatMap(hooks::findByRule);
        List<HookSecret> accepted = hook.map(h -> h.acceptedAt(now)).orElse(List.of());
        String timestamp = delivery.timestamp().orElseThrow().strip();
        if (!HookSignatures.matches(accepted, timestamp, delivery.rawBody(), presented, signer)) {
            throw new HookRejectedException(UNAUTHENTICATED, HookRejectedException.SIGNATURE_INVALID,
                    "X-Ruleworks-Signature does not match", Map.of("header", "X-Ruleworks-Signature"));
        }
        RuleHook signedFor = hook.orElseThrow();
        AutomationRule rule = rules.findById(signedFor.tenant(), signedFor.rule())
                .filter(r -> r.definition().triggerType() == TriggerType.WEBHOOK)
                .filter(AutomationRule::isActive)
                .orElseThrow(() -> new HookRejectedException(NOT_FOUND, HookRejectedException.NOT_FOUND,
                        "No active webhook rule at this address"));
        Map<String, Object> body = delivery.body().orElseThrow(() -> new HookRejectedException(MALFORMED,
                HookRejectedException.BODY_NOT_JSON_OBJECT, "The body must be a JSON object",
                Map.of("field", "body")));
        if (!delivery.bodyViolations().isEmpty()) {
            throw unstorable(delivery.bodyViolations());
        }
        AutomationExecution execution = execution(rule, deliveryId, body, delivery.headers(), now);
        String digest = contentDigest(timestamp, delivery.rawBody());
        HookStore.Recorded recorded = transactions.inTransaction(() -> {
            HookStore.Recorded r = hooks.recordDelivery(rule.tenant(), rule.id(), deliveryId, digest,
                    execution.id(), now);
            if (r.fresh()) {
                executions.insertUnlessDuplicate(execution, true);
            }
            return r;
        });
        if (!recorded.fresh()) {
            throw new HookRejectedException(REPLAYED, HookRejectedException.DELIVERY_REPLAYED,
                    "This delivery was already received; nothing was executed",
                    Map.of("delivery_id", deliveryId, "execution_id", recorded.executionId().toString()));
        }
        queue.announce();
        return execution.id();
    }

    @Override
    public RotatedHookSecret rotate(Caller caller, RuleId id) {
        caller.require(Permission.UPDATE);
        return transactions.inTransaction(() -> {
            AutomationRule rule = rules.findById(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException(AutomationRule.RESOURCE, id));
            if (rule.definition().triggerType() != TriggerType.WEBHOOK) {
                throw new ConflictException(RULE_NOT_WEBHOOK_TRIGGERED,
                        "Only a rule with trigger_type webhook has a hook secret",
                        Map.of("rule_id", id.toString(), "trigger_type", rule.definition().triggerType().wire()));
            }
            Instant now = clock.instant();
            HookSecret next = HookSecret.generate();
            RuleHook rotated = hooks.findForUpdate(caller.tenant(), id)
                    .map(h -> h.rotate(next, now, settings.rotationGrace()))
                    .orElseGet(() -> RuleHook.issued(caller.tenant(), id, next));
            hooks.save(rotated, now);
            return new RotatedHookSecret(id, next, rotated.previousExpiresAt());
        });
    }

    @Override
    public int prune() {
        return hooks.pruneDeliveries(clock.instant().minus(settings.deliveryRetention()));
    }

    private static String deliveryId(Optional<String> header) {
        String id = header.map(String::strip).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new HookRejectedException(MALFORMED, HookRejectedException.DELIVERY_ID_MISSING,
                        "X-Ruleworks-Delivery is required: a unique id per delivery, reused when retrying it",
                        Map.of("header", "X-Ruleworks-Delivery")));
        if (!DELIVERY_ID.matcher(id).matches()) {
            throw new HookRejectedException(MALFORMED, HookRejectedException.DELIVERY_ID_INVALID,
                    "X-Ruleworks-Delivery must be 1 to 200 visible ASCII characters",
                    Map.of("header", "X-Ruleworks-Delivery"));
        }
        return id;
    }

    private static Optional<RuleId> ruleId(String text) {
        try {
            return Optional.of(new RuleId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String contentDigest(String timestamp, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '.');
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static AutomationExecution execution(AutomationRule rule, String deliveryId, Map<String, Object> body,
                                                 Map<String, String> headers, Instant now) {
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("delivery_id", deliveryId);
        webhook.put("received_at", now.toString());
        webhook.put("headers", headers);
        webhook.put("body", body);
        return AutomationExecution.triggered(Trigger.of(rule, TriggerType.WEBHOOK).data(Map.of("webhook", webhook))
                .detail("webhook", Map.of("delivery_id", deliveryId, "received_at", now.toString())).build(), now);
    }
}
