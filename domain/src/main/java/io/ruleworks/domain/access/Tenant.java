package io.ruleworks.domain.access;

import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Objects;

/** An organisation using the service; every rule, execution and key belongs to exactly one. */
public record Tenant(TenantId id, String name, Instant createdAt) {
    public Tenant {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(createdAt);
        if (name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("tenant name must be 1 to 255 characters");
        }
    }
}
