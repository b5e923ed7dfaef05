package io.ruleworks.application.port.out.hook;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.hook.RuleHook;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Optional;

/**
 * The signing secrets of webhook-triggered rules, and the deliveries their hooks accepted (kept to
 * refuse replays). A hook is found by its rule id alone: the inbound route carries no tenant.
 */
public interface HookStore {

    /** The outcome of recording a delivery: fresh, or the one it replays and the execution that one made. */
    record Recorded(boolean fresh, ExecutionId executionId) {
    }

    Optional<RuleHook> findByRule(RuleId rule);

    /** As {@link #findByRule}, locking the row until the surrounding transaction ends. */
    Optional<RuleHook> findForUpdate(TenantId tenant, RuleId rule);

    /** Stores the hook's secrets, replacing whatever the rule had. */
    void save(RuleHook hook, Instant now);

    /**
     * Records a delivery unless one with the same delivery id, or the same signature, was recorded
     * for the rule; then writes nothing and returns that one. Concurrent calls for the same
     * delivery record exactly one.
     */
    Recorded recordDelivery(TenantId tenant, RuleId rule, String deliveryId, String signature,
                            ExecutionId execution, Instant receivedAt);

    /** Forgets deliveries received before {@code before}; returns how many. */
    int pruneDeliveries(Instant before);
}
