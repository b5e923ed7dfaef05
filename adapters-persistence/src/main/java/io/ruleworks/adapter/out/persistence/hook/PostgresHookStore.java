package io.ruleworks.adapter.out.persistence.hook;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.hook.HookStore;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.RuleHook;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Hook secrets and deliveries through Micronaut Data repositories (ADR 0018); secrets sealed by {@link HookSecretCipher}. */
@Singleton
public class PostgresHookStore implements HookStore {

    private static final String DECOY_IDENTITY = new UUID(0, 0) + "/" + new UUID(0, 0);

    private final HookSecretRows secrets;
    private final HookDeliveryRows deliveries;
    private final HookSecretCipher cipher;
    private final String decoy;

    PostgresHookStore(HookSecretRows secrets, HookDeliveryRows deliveries, HookSecretCipher cipher) {
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.decoy = cipher.seal(HookSecret.generate().value(), DECOY_IDENTITY);
    }

    /**
     * The hook of {@code rule}, looked up by id alone (an inbound hook names no tenant). An unknown
     * id decrypts a throwaway secret, so it costs what a known one costs (HookSignatures does the
     * same for the signature): the time of a request does not tell whether a rule exists.
     */
    @Override
    public Optional<RuleHook> findByRule(RuleId rule) {
        Optional<HookSecretRow> row = Jdbc.data(() -> secrets.findByRuleId(rule.value()));
        if (row.isEmpty()) {
            cipher.open(decoy, DECOY_IDENTITY);
        }
        return row.map(this::hook);
    }

    @Override
    public Optional<RuleHook> findForUpdate(TenantId tenant, RuleId rule) {
        return Jdbc.data(() -> secrets.findByTenantAndRuleIdForUpdate(tenant.value(), rule.value())).map(this::hook);
    }

    @Override
    public void save(RuleHook hook, Instant now) {
        String identity = identity(hook.tenant().value(), hook.rule().value());
        Jdbc.data(() -> {
            secrets.upsert(hook.tenant().value(), hook.rule().value(), cipher.seal(hook.current().value(), identity),
                    hook.previous().map(p -> cipher.seal(p.value(), identity)).orElse(null),
                    hook.previousExpiresAt().orElse(null), now);
            return null;
        });
    }

    @Override
    public Recorded recordDelivery(TenantId tenant, RuleId rule, String deliveryId, String digest,
                                   ExecutionId execution, Instant receivedAt) {
        return Jdbc.data(() -> {
            if (deliveries.insertIfNew(tenant.value(), rule.value(), deliveryId, digest, execution.value(), receivedAt) == 1) {
                return new Recorded(true, execution);
            }
            UUID first = deliveries.firstExecution(tenant.value(), rule.value(), deliveryId, digest)
                    .orElseThrow(() -> new IllegalStateException("a conflicting hook delivery vanished (pruned meanwhile)"));
            return new Recorded(false, new ExecutionId(first));
        });
    }

    @Override
    public int pruneDeliveries(Instant before) {
        return Jdbc.data(() -> deliveries.deleteReceivedBefore(before));
    }

    private RuleHook hook(HookSecretRow row) {
        String identity = identity(row.tenant(), row.ruleId());
        Optional<HookSecret> previous = Optional.ofNullable(row.previousSecret())
                .map(p -> new HookSecret(cipher.open(p, identity)));
        return new RuleHook(new TenantId(row.tenant()), new RuleId(row.ruleId()),
                new HookSecret(cipher.open(row.currentSecret(), identity)), previous,
                Optional.ofNullable(row.previousExpiresAt()));
    }

    private static String identity(UUID tenant, UUID rule) {
        return tenant + "/" + rule;
    }
}
