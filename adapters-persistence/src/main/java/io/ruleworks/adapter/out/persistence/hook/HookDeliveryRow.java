package io.ruleworks.adapter.out.persistence.hook;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code rule_hook_deliveries} (adapter-private); the key is (tenant, rule_id, delivery_id). */
@MappedEntity("rule_hook_deliveries")
record HookDeliveryRow(UUID tenant, UUID ruleId, @Id String deliveryId, String contentDigest, UUID executionId,
                       Instant receivedAt) {
}
