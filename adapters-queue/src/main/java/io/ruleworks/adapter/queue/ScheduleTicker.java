package io.ruleworks.adapter.queue;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.FireSchedulesUseCase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.time.Duration;

/**
 * Ticks the scheduler at a fixed cadence on one platform thread. Every instance may tick: the
 * schedule rows are claimed with SKIP LOCKED, so instances share the work and never fire an
 * occurrence twice. A failed tick (database down) is logged and the next one tries again.
 */
@Context
@Requires(property = "ruleworks.schedules.enabled", notEquals = "false")
public class ScheduleTicker {

    private final Ticker ticker;

    public ScheduleTicker(FireSchedulesUseCase schedules,
                          @Value("${ruleworks.schedules.tick-interval:1s}") Duration interval) {
        this.ticker = new Ticker("scheduler", interval, schedules::tick);
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
