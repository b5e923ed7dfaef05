package io.ruleworks.adapter.queue.tick;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Runs one trigger's tick at a fixed delay on its own daemon platform thread (configured three
 * times by {@link Tickers}: schedules, event windows, condition polls). Every instance may
 * tick: the ticks claim their rows with SKIP LOCKED, so instances share the work. A failed tick
 * (database down) is logged and the next one tries again; a tick that created executions says how
 * many at debug level.
 */
public final class Ticker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

    private final String name;
    private final Duration interval;
    private final IntSupplier tick;
    private final ScheduledExecutorService scheduler;

    /** @param tick one round of work; returns how many executions it created */
    Ticker(String name, Duration interval, IntSupplier tick) {
        this.name = name;
        this.interval = interval;
        this.tick = tick;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    }

    /** Starts ticking (the first tick after one interval); returns this ticker. */
    Ticker start() {
        scheduler.scheduleWithFixedDelay(this::once, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void once() {
        try {
            int created = tick.getAsInt();
            if (created > 0) {
                LOG.debug("{}: {} execution(s) created", name, created);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} tick failed: {}", name, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
