package io.ruleworks.domain.hook;

import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing secrets of one rule's inbound hook: the current one, and after a rotation the
 * previous one until it expires. Only one previous secret is kept: rotating again within the
 * grace period ends the older one at once.
 */
public record RuleHook(TenantId tenant, RuleId rule, HookSecret current, Optional<HookSecret> previous,
                       Optional<Instant> previousExpiresAt) {

    public RuleHook {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(current, "current");
        if (previous.isPresent() != previousExpiresAt.isPresent()) {
            throw new IllegalArgumentException("a previous secret needs its expiry, and only it");
        }
    }

    public static RuleHook issued(TenantId tenant, RuleId rule, HookSecret secret) {
        return new RuleHook(tenant, rule, secret, Optional.empty(), Optional.empty());
    }

    /** {@code next} becomes current; the current secret stays valid until {@code now + grace}. */
    public RuleHook rotate(HookSecret next, Instant now, Duration grace) {
        return new RuleHook(tenant, rule, next, Optional.of(current), Optional.of(now.plus(grace)));
    }

    /** The secrets a delivery may be signed with at {@code now}. */
    public List<HookSecret> acceptedAt(Instant now) {
        List<HookSecret> accepted = new ArrayList<>(2);
        accepted.add(current);
        previous.filter(p -> previousExpiresAt.get().isAfter(now)).ifPresent(accepted::add);
        return accepted;
    }
}
