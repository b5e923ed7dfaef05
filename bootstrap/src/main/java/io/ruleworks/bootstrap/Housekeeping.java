package io.ruleworks.bootstrap;

import io.micronaut.scheduling.annotation.Scheduled;
import io.ruleworks.application.port.in.FoldStatisticsUseCase;
import io.ruleworks.application.port.in.PruneEventsUseCase;
import io.ruleworks.application.port.in.PruneHookDeliveriesUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.IntSupplier;

/**
 * Forgets records that are only needed for a while: inbound hook deliveries older than
 * {@code ruleworks.hooks.delivery-retention} (every {@code ruleworks.hooks.prune-interval}) and
 * ingested-event records older than {@code ruleworks.events.retention} (every
 * {@code ruleworks.events.prune-interval}). Every instance may prune: the deletes are idempotent.
 * Also folds the execution statistics recorded since the last fold into the statistics rollup
 * (every {@code ruleworks.statistics.fold-interval}); folds of several instances take turns.
 */
@Singleton
public class Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final PruneHookDeliveriesUseCase hookDeliveries;
    private final PruneEventsUseCase events;
    private final FoldStatisticsUseCase statistics;

    public Housekeeping(PruneHookDeliveriesUseCase hookDeliveries, PruneEventsUseCase events,
                        FoldStatisticsUseCase statistics) {
        this.hookDeliveries = hookDeliveries;
        this.events = events;
        this.statistics = statistics;
    }

    @Scheduled(fixedDelay = "${ruleworks.statistics.fold-interval:5s}",
            initialDelay = "${ruleworks.statistics.fold-interval:5s}")
    void foldStatistics() {
        try {
            int folded = statistics.fold();
            if (folded > 0) {
                LOG.debug("Folded {} execution statistics changes into the rollup", folded);
            }
        } catch (RuntimeException e) {
            LOG.warn("Folding execution statistics failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelay = "${ruleworks.hooks.prune-interval:10m}", initialDelay = "${ruleworks.hooks.prune-interval:10m}")
    void pruneHookDeliveries() {
        prune("inbound hook deliveries", hookDeliveries::prune);
    }

    @Scheduled(fixedDelay = "${ruleworks.events.prune-interval:10m}", initialDelay = "${ruleworks.events.prune-interval:10m}")
    void pruneEvents() {
        prune("ingested-event records", events::prune);
    }

    private static void prune(String what, IntSupplier prune) {
        try {
            int pruned = prune.getAsInt();
            if (pruned > 0) {
                LOG.debug("Forgot {} {} past their retention", pruned, what);
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning {} failed: {}", what, e.getMessage());
        }
    }
}
