package io.ruleworks.adapter.out.persistence.access;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code tenants}, as Micronaut Data maps it (adapter-private). */
@MappedEntity("tenants")
record TenantRow(@Id UUID tenant, String name, Instant createdAt) {
}
