package io.ruleworks.adapter.queue;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.FireEventWindowsUseCase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.time.Duration;

/**
 * Fires due debounce windows and batches of event_based rules at a fixed cadence on one platform
 * thread. Every instance may tick: window rows are claimed with SKIP LOCKED and deleted in the
 * transaction that creates the execution, so a window fires exactly once. A failed tick
 * (database down) is logged and the next one tries again.
 */
@Context
@Requires(property = "ruleworks.events.windows.enabled", notEquals = "false")
public class EventWindowTicker {

    private final Ticker ticker;

    public EventWindowTicker(FireEventWindowsUseCase windows,
                             @Value("${ruleworks.events.windows.tick-interval:1s}") Duration interval) {
        this.ticker = new Ticker("event-windows", interval, windows::tick);
    }

    @PostConstruct
    void start() {
        ticker.start();
    }

    @PreDestroy
    void stop() {
        ticker.close();
    }
}
