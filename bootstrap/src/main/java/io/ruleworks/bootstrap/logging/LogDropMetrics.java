package io.ruleworks.bootstrap.logging;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/**
 * {@code ruleworks.log.dropped} (Prometheus: {@code ruleworks_log_dropped_total}), tagged
 * {@code reason=discarded|queue_full}: log events the asynchronous appender dropped rather than
 * block the thread that logged them ({@link DropCountingAsyncAppender}).
 */
@Singleton
public class LogDropMetrics implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("ruleworks.log.dropped", DropCountingAsyncAppender.DISCARDED, a -> a.sum())
                .tag("reason", "discarded")
                .description("log events dropped (INFO and below) because the log queue was nearly full")
                .register(registry);
        FunctionCounter.builder("ruleworks.log.dropped", DropCountingAsyncAppender.QUEUE_FULL, a -> a.sum())
                .tag("reason", "queue_full")
                .description("log events dropped because the log queue was full")
                .register(registry);
    }
}
