package io.ruleworks.adapter.queue.outbox;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.event.RelayEventsUseCase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Drains the outbox continuously: while a batch is full it goes again at once, otherwise it waits an interval. */
@Context
@Requires(property = "ruleworks.queue.workers.enabled", notEquals = "false")
class OutboxRelayScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayScheduler.class);
    private static final int BATCH = 500;

    private final RelayEventsUseCase relay;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("outbox-relay").daemon().factory());

    public OutboxRelayScheduler(RelayEventsUseCase relay,
                                @Value("${ruleworks.events.relay-interval:200ms}") Duration interval) {
        this.relay = relay;
        this.interval = interval;
    }

    @PostConstruct
    void start() {
        scheduler.scheduleWithFixedDelay(this::drain, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            while (relay.relay(BATCH) == BATCH && !Thread.currentThread().isInterrupted()) {
                // keep going while there is a backlog
            }
        } catch (RuntimeException e) {
            LOG.warn("Outbox relay failed: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
