package io.ruleworks.adapter.queue;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.PollConditionsUseCase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ticks condition polling at a fixed cadence on one platform thread. Every instance may tick: due
 * checks are claimed with SKIP LOCKED and a lease, so instances share the work and an item that
 * starts matching fires once. A tick reads sources one check at a time (each bounded by the fetch
 * timeout); a failed tick (database down) is logged and the next one tries again.
 */
@Context
@Requires(property = "ruleworks.condition-polling.enabled", notEquals = "false")
public class ConditionPollTicker {

    private static final Logger LOG = LoggerFactory.getLogger(ConditionPollTicker.class);

    private final PollConditionsUseCase polling;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("condition-poller").daemon().factory());

    public ConditionPollTicker(PollConditionsUseCase polling,
                               @Value("${ruleworks.condition-polling.tick-interval:1s}") Duration interval) {
        this.polling = polling;
        this.interval = interval;
    }

    @PostConstruct
    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            int fired = polling.tick();
            if (fired > 0) {
                LOG.debug("Condition polling fired {} execution(s)", fired);
            }
        } catch (RuntimeException e) {
            LOG.warn("Condition polling tick failed: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
