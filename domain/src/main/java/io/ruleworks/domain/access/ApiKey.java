package io.ruleworks.domain.access;

import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A stored API key. Only the SHA-256 hash of the secret is kept, with a short display prefix so a
 * person can tell keys apart.
 */
public record ApiKey(ApiKeyId id, TenantId tenant, String displayPrefix, String keyHash, Set<Permission> permissions,
                     boolean active, Optional<Instant> expiresAt, Optional<Long> usageLimit, long usageCount,
                     Optional<Instant> lastUsedAt, Optional<UUID> userId, Instant createdAt) {

    public ApiKey {
        Objects.requireNonNull(id);
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(displayPrefix);
        Objects.requireNonNull(keyHash);
        permissions = Set.copyOf(permissions);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(usageLimit);
        Objects.requireNonNull(lastUsedAt);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(createdAt);
    }

    /** Why this key may not be used at {@code now}, or empty when it may. */
    public Optional<AuthenticationException.Reason> refusal(Instant now) {
        if (!active) {
            return Optional.of(AuthenticationException.Reason.INACTIVE);
        }
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            return Optional.of(AuthenticationException.Reason.EXPIRED);
        }
        if (usageLimit.isPresent() && usageCount >= usageLimit.get()) {
            return Optional.of(AuthenticationException.Reason.USAGE_LIMIT_REACHED);
        }
        return Optional.empty();
    }

    public Caller toCaller() {
        return new Caller(tenant, id, userId, permissions);
    }
}
