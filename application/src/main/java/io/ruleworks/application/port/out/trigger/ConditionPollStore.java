package io.ruleworks.application.port.out.trigger;

import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The polling state of every condition_based rule: when it is next checked, for which version of
 * the rule (its updated_at; a rule that changed is stale until {@link #save}d again, and a stale
 * state is never checked), how many checks in a row failed, and the keys of the items that
 * currently match.
 *
 * <p>A due check is claimed with a lease: {@link #claimDue} takes one due row with a lock other
 * instances skip, pushes its next check to the lease's end and stamps a fresh claim token, and
 * commits; the source is then read outside any transaction. The outcome is written in a second
 * transaction that first {@link #lockClaim}s the row again, which only succeeds while the token is
 * still the row's: an instance that outlived its lease writes nothing.
 */
public interface ConditionPollStore {

    /** A check taken by this instance until {@code leaseUntil}. */
    record Claim(TenantId tenant, RuleId rule, Instant ruleUpdatedAt, UUID token, int consecutiveFailures,
                 Instant leaseUntil) {
    }

    /** condition_based rules whose state is missing or belongs to an older version of the rule. */
    List<RuleVersion> stale(int max);

    /**
     * Records this version of the rule with its first check (none: not checked), resetting the
     * failure count, the last error and any claim; the matching items are kept. Does nothing if
     * the stored state is already for this version (another instance was first).
     */
    void save(RuleVersion version, Optional<Instant> nextCheckAt);

    /**
     * Claims the longest-due check at {@code now} whose state is current with its rule, skipping
     * rows other transactions hold: its next check moves to {@code leaseUntil} and it gets a new
     * claim token. Empty when nothing is due.
     */
    Optional<Claim> claimDue(Instant now, Instant leaseUntil);

    /** Locks the claimed row for the surrounding transaction; false if the claim is no longer held. */
    boolean lockClaim(Claim claim);

    /** The keys of the rule's items that matched at the last successful check. */
    Set<String> matchingKeys(TenantId tenant, RuleId rule);

    /** Adds items that now match. */
    void remember(TenantId tenant, RuleId rule, Collection<String> keys, Instant matchedAt);

    /** Removes items that no longer match. */
    void forget(TenantId tenant, RuleId rule, Collection<String> keys);

    /** Ends a claim: the next check (none: stop checking), the failure count and the last error. */
    void finish(Claim claim, Optional<Instant> nextCheckAt, int consecutiveFailures, Optional<String> lastError,
                Instant checkedAt);
}
