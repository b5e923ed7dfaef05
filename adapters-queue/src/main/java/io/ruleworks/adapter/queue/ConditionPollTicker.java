package io.ruleworks.adapter.queue;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.PollConditionsUseCase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.time.Duration;

/**
 * Ticks condition polling at a fixed cadence on one platform thread. Every instance may tick: due
 * checks are claimed with SKIP LOCKED and a lease, so instances share the work and an item that
 * starts matching fires once. A tick reads sources one check at a time (each bounded by the fetch
 * timeout); a failed tick (database down) is logged and the next one tries again.
 */
@Context
@Requires(property = "ruleworks.condition-polling.enabled", notEquals = "false")
public class ConditionPollTicker {

    private final Ticker ticker;

    public ConditionPollTicker(PollConditionsUseCase polling,
                               @Value("${ruleworks.condition-polling.tick-interval:1s}") Duration interval) {
        this.ticker = new Ticker("condition-poller", interval, polling::tick);
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
