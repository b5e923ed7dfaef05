package io.ruleworks.bootstrap;

import io.micronaut.scheduling.annotation.Scheduled;
import io.ruleworks.application.port.in.PruneHookDeliveriesUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets inbound hook deliveries older than {@code ruleworks.hooks.delivery-retention}, every
 * {@code ruleworks.hooks.prune-interval}. Every instance may prune: the delete is idempotent.
 */
@Singleton
public class HookDeliveryPruner {

    private static final Logger LOG = LoggerFactory.getLogger(HookDeliveryPruner.class);

    private final PruneHookDeliveriesUseCase prune;

    public HookDeliveryPruner(PruneHookDeliveriesUseCase prune) {
        this.prune = prune;
    }

    @Scheduled(fixedDelay = "${ruleworks.hooks.prune-interval:10m}", initialDelay = "${ruleworks.hooks.prune-interval:10m}")
    void prune() {
        try {
            int pruned = prune.prune();
            if (pruned > 0) {
                LOG.debug("Forgot {} inbound hook deliveries past their retention", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning inbound hook deliveries failed: {}", e.getMessage());
        }
    }
}
