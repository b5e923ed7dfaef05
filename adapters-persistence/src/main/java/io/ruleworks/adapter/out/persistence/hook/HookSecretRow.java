package io.ruleworks.adapter.out.persistence.hook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code rule_hook_secrets}, as Micronaut Data maps it (adapter-private): the secrets as
 * stored, sealed by {@link HookSecretCipher}. The key is (tenant, rule_id); rule_id alone is unique.
 */
@MappedEntity("rule_hook_secrets")
record HookSecretRow(UUID tenant, @Id UUID ruleId, String currentSecret, @Nullable String previousSecret,
                     @Nullable Instant previousExpiresAt, Instant issuedAt) {
}
