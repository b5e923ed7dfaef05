package io.ruleworks.adapter.queue;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.FireEventWindowsUseCase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fires due debounce windows and batches of event_based rules at a fixed cadence on one platform
 * thread. Every instance may tick: window rows are claimed with SKIP LOCKED and deleted in the
 * transaction that creates the execution, so a window fires exactly once. A failed tick
 * (database down) is logged and the next one tries again.
 */
@Context
@Requires(property = "ruleworks.events.windows.enabled", notEquals = "false")
public class EventWindowTicker {

    private static final Logger LOG = LoggerFactory.getLogger(EventWindowTicker.class);

    private final FireEventWindowsUseCase windows;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-windows").daemon().factory());

    public EventWindowTicker(FireEventWindowsUseCase windows,
                             @Value("${ruleworks.events.windows.tick-interval:1s}") Duration interval) {
        this.windows = windows;
        this.interval = interval;
    }

    @PostConstruct
    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            int fired = windows.tick();
            if (fired > 0) {
                LOG.debug("Event windows fired {} execution(s)", fired);
            }
        } catch (RuntimeException e) {
            LOG.warn("Event window tick failed: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
