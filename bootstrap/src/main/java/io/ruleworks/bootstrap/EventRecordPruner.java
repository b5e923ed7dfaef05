package io.ruleworks.bootstrap;

import io.micronaut.scheduling.annotation.Scheduled;
import io.ruleworks.application.port.in.PruneEventsUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets ingested-event records older than {@code ruleworks.events.retention}, every
 * {@code ruleworks.events.prune-interval}. Every instance may prune: the delete is idempotent.
 */
@Singleton
public class EventRecordPruner {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecordPruner.class);

    private final PruneEventsUseCase prune;

    public EventRecordPruner(PruneEventsUseCase prune) {
        this.prune = prune;
    }

    @Scheduled(fixedDelay = "${ruleworks.events.prune-interval:10m}", initialDelay = "${ruleworks.events.prune-interval:10m}")
    void prune() {
        try {
            int pruned = prune.prune();
            if (pruned > 0) {
                LOG.debug("Forgot {} ingested-event records past their retention", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning ingested-event records failed: {}", e.getMessage());
        }
    }
}
