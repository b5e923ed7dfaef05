package io.ruleworks.adapter.out.persistence.hook;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code rule_hook_secrets}, generated at compile time; the upsert is written out (ON CONFLICT). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface HookSecretRows extends GenericRepository<HookSecretRow, UUID> {

    /** By rule id alone: an inbound hook names no tenant (rule ids are unique across tenants). */
    Optional<HookSecretRow> findByRuleId(UUID ruleId);

    Optional<HookSecretRow> findByTenantAndRuleIdForUpdate(UUID tenant, UUID ruleId);

    @Query("INSERT INTO rule_hook_secrets (tenant, rule_id, current_secret, previous_secret, previous_expires_at, "
            + "issued_at) VALUES (:tenant, :ruleId, :currentSecret, :previousSecret, :previousExpiresAt, :issuedAt) "
            + "ON CONFLICT (tenant, rule_id) DO UPDATE SET current_secret = excluded.current_secret, "
            + "previous_secret = excluded.previous_secret, previous_expires_at = excluded.previous_expires_at, "
            + "issued_at = excluded.issued_at")
    void upsert(UUID tenant, UUID ruleId, String currentSecret, @io.micronaut.core.annotation.Nullable String previousSecret,
                @io.micronaut.core.annotation.Nullable Instant previousExpiresAt, Instant issuedAt);
}
