package io.ruleworks.adapter.queue;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.FireSchedulesUseCase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ticks the scheduler at a fixed cadence on one platform thread. Every instance may tick: the
 * schedule rows are claimed with SKIP LOCKED, so instances share the work and never fire an
 * occurrence twice. A failed tick (database down) is logged and the next one tries again.
 */
@Context
@Requires(property = "ruleworks.schedules.enabled", notEquals = "false")
public class ScheduleTicker {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTicker.class);

    private final FireSchedulesUseCase schedules;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("scheduler").daemon().factory());

    public ScheduleTicker(FireSchedulesUseCase schedules,
                          @Value("${ruleworks.schedules.tick-interval:1s}") Duration interval) {
        this.schedules = schedules;
        this.interval = interval;
    }

    @PostConstruct
    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            int fired = schedules.tick();
            if (fired > 0) {
                LOG.debug("Scheduler fired {} execution(s)", fired);
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduler tick failed: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
