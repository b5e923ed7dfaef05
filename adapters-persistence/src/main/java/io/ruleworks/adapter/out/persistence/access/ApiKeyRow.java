package io.ruleworks.adapter.out.persistence.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_keys}, as Micronaut Data maps it (adapter-private); {@code permissions} is a text[]. */
@MappedEntity("api_keys")
record ApiKeyRow(@Id UUID keyId, UUID tenant, String displayPrefix, String keyHash,
                 @TypeDef(type = DataType.STRING_ARRAY) String[] permissions, boolean active,
                 @Nullable Instant expiresAt, @Nullable Long usageLimit, long usageCount,
                 @Nullable Instant lastUsedAt, @Nullable UUID userId, Instant createdAt) {
}
