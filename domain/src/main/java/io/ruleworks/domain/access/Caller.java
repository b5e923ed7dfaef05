package io.ruleworks.domain.access;

import io.ruleworks.domain.shared.TenantId;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The authenticated party behind a request: its tenant, its key, and what the key may do. */
public record Caller(TenantId tenant, ApiKeyId keyId, Optional<UUID> userId, Set<Permission> permissions) {

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userId, "userId");
        permissions = Set.copyOf(permissions);
    }

    /** Throws unless the caller holds {@code permission}; checked before any tenant data is read. */
    public void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw new PermissionDeniedException(permission);
        }
    }
}
