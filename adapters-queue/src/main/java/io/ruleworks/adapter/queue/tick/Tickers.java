package io.ruleworks.adapter.queue.tick;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.in.trigger.FireEventWindowsUseCase;
import io.ruleworks.application.port.in.trigger.FireSchedulesUseCase;
import io.ruleworks.application.port.in.trigger.PollConditionsUseCase;
import jakarta.inject.Named;

import java.time.Duration;

/**
 * The three trigger tickers, one {@link Ticker} each, started with the application and stopped
 * with it. Every instance may tick: each tick claims its rows with SKIP LOCKED, so instances share
 * the work and nothing fires twice.
 * <ul>
 *   <li>scheduler: due schedules of time_based / recurring rules; an occurrence fires once.</li>
 *   <li>event-windows: due debounce windows and batches of event_based rules; a window row is
 *       deleted in the transaction that creates its execution, so it fires once.</li>
 *   <li>condition-poller: due checks of condition_based rules, claimed with a lease; a tick reads
 *       sources one check at a time (each bounded by the fetch timeout).</li>
 * </ul>
 */
@Factory
class Tickers {

    @Context
    @Named("scheduler")
    @Bean(preDestroy = "close")
    @Requires(property = "ruleworks.schedules.enabled", notEquals = "false")
    Ticker scheduler(FireSchedulesUseCase schedules,
                     @Value("${ruleworks.schedules.tick-interval:1s}") Duration interval) {
        return new Ticker("scheduler", interval, schedules::tick).start();
    }

    @Context
    @Named("event-windows")
    @Bean(preDestroy = "close")
    @Requires(property = "ruleworks.events.windows.enabled", notEquals = "false")
    Ticker eventWindows(FireEventWindowsUseCase windows,
                        @Value("${ruleworks.events.windows.tick-interval:1s}") Duration interval) {
        return new Ticker("event-windows", interval, windows::tick).start();
    }

    @Context
    @Named("condition-poller")
    @Bean(preDestroy = "close")
    @Requires(property = "ruleworks.condition-polling.enabled", notEquals = "false")
    Ticker conditionPoller(PollConditionsUseCase polling,
                           @Value("${ruleworks.condition-polling.tick-interval:1s}") Duration interval) {
        return new Ticker("condition-poller", interval, polling::tick).start();
    }
}
