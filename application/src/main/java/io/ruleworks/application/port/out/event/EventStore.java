package io.ruleworks.application.port.out.event;

import io.ruleworks.domain.event.EventWindow;
import io.ruleworks.domain.event.IngestedEvent;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ingested events (for idempotent delivery) and the open debounce windows and batches of
 * event_based rules. A window is locked while an event joins it or while it fires, so concurrent
 * events for one rule are serialised and a window fires exactly once however many instances tick.
 */
public interface EventStore {

    /** An earlier delivery under the same idempotency key: its request fingerprint and its result. */
    record Earlier(String requestHash, Map<String, Object> result) {
    }

    /** A due window, locked for the surrounding transaction. */
    record DueWindow(TenantId tenant, RuleId rule, EventWindow window) {
    }

    /**
     * Records an event; when its idempotency key is already taken in the tenant, records nothing
     * and returns the earlier delivery (waiting for a concurrent one to commit).
     */
    Optional<Earlier> recordUnlessDuplicate(TenantId tenant, IngestedEvent event, Optional<String> idempotencyKey,
                                            Optional<String> requestHash, Instant receivedAt);

    /** Stores what the event did, which a duplicate delivery answers. */
    void saveResult(TenantId tenant, String eventId, Map<String, Object> result);

    /** Active event_based rules of the tenant whose event_type is one of {@code eventTypes}. */
    List<RuleId> listeningRules(TenantId tenant, List<String> eventTypes);

    /**
     * Which of {@code tenants} have an active event_based rule whose event_type starts with
     * {@code typePrefix}: one question for a whole batch of relayed entries, so that tenants
     * without such rules (nearly all, usually) cost nothing per entry.
     */
    Set<TenantId> tenantsListening(Collection<TenantId> tenants, String typePrefix);

    /** The rule's open window, locked; when it has none, {@code fresh} is opened (and locked). */
    EventWindow lockOrOpenWindow(TenantId tenant, RuleId rule, EventWindow fresh);

    /** Writes the window's count, deadline, last event and lineage. */
    void saveWindow(TenantId tenant, RuleId rule, EventWindow window);

    /** Appends an event to the rule's open batch. */
    void addToBatch(TenantId tenant, RuleId rule, IngestedEvent event);

    /** The events of the rule's open batch, in arrival order. */
    List<Map<String, Object>> batchEvents(TenantId tenant, RuleId rule);

    /** Removes the rule's window and its events (it fired or its rule no longer listens). */
    void closeWindow(TenantId tenant, RuleId rule);

    /**
     * Forgets up to {@code max} ingested-event records received before {@code cutoff} (with them
     * their idempotency keys); returns how many. Open windows and batches are not touched.
     */
    int forgetReceivedBefore(Instant cutoff, int max);

    /** Up to {@code max} windows due at {@code now}, oldest deadline first; skips locked ones. */
    List<DueWindow> lockDue(Instant now, int max);
}
