package io.ruleworks.adapter.out.persistence.hook;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code rule_hook_deliveries}, generated at compile time; the replay check's statements are written out. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface HookDeliveryRows extends GenericRepository<HookDeliveryRow, String> {

    /**
     * 1 when recorded, 0 when the same delivery (id or content) is recorded already. A concurrent copy
     * waits on the unique keys until the first commits, then inserts nothing.
     */
    @Query("INSERT INTO rule_hook_deliveries (tenant, rule_id, delivery_id, content_digest, execution_id, received_at) "
            + "VALUES (:tenant, :ruleId, :deliveryId, :digest, :executionId, :receivedAt) ON CONFLICT DO NOTHING")
    int insertIfNew(UUID tenant, UUID ruleId, String deliveryId, String digest, UUID executionId, Instant receivedAt);

    @Query("SELECT execution_id FROM rule_hook_deliveries WHERE tenant = :tenant AND rule_id = :ruleId "
            + "AND (delivery_id = :deliveryId OR content_digest = :digest) ORDER BY received_at LIMIT 1")
    Optional<UUID> firstExecution(UUID tenant, UUID ruleId, String deliveryId, String digest);

    @Query("DELETE FROM rule_hook_deliveries WHERE received_at < :before")
    int deleteReceivedBefore(Instant before);
}
