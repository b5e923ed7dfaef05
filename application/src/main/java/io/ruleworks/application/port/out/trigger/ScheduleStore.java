package io.ruleworks.application.port.out.trigger;

import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The next fire time of every schedule-triggered rule. A schedule belongs to one version of its
 * rule (the rule's updated_at): when the rule changes, its schedule is stale until recomputed, and
 * a stale schedule never fires. Due schedules are locked so that, however many instances tick,
 * each occurrence is taken by exactly one of them.
 */
public interface ScheduleStore {

    /** A due schedule, locked for the surrounding transaction. */
    record Due(TenantId tenant, RuleId rule, Instant ruleUpdatedAt, Instant nextFireAt, long fireCount) {
    }

    /** Schedule-triggered rules whose schedule is missing or belongs to an older version of the rule. */
    List<RuleVersion> stale(int max);

    /**
     * Records the next fire time computed for this version of the rule, keeping the fire count.
     * Does nothing if the stored schedule is already for this version (another instance was first).
     */
    void save(RuleVersion version, Optional<Instant> nextFireAt);

    /** Up to {@code max} schedules due at {@code now}, oldest first, current with their rule; skips locked ones. */
    List<Due> lockDue(Instant now, int max);

    /** After an occurrence was handled: the next fire time, the new count, and what happened. */
    void advance(TenantId tenant, RuleId rule, Optional<Instant> nextFireAt, long fireCount, Instant handledAt,
                 String outcome);
}
