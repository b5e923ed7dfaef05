package io.ruleworks.bootstrap.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.concurrent.atomic.LongAdder;

/**
 * Logback's {@link AsyncAppender} that never blocks the logging thread (a request or worker thread)
 * and counts what it drops, exported as the metric {@code ruleworks.log.dropped}
 * ({@link LogDropMetrics}). Events go through a bounded queue to one writer thread; when a slow
 * consumer (a full pipe, a slow disk, a container log driver) lets the queue fill, INFO and below
 * are dropped once less than the discarding threshold is left ({@code discarded} reason), and any
 * event is dropped when it is full ({@code queue_full}), instead of waiting.
 *
 * <p>Logback keeps its queue to itself, so a full queue is seen just before the event is handed
 * over: an event offered in the instant the queue fills after that check is dropped uncounted.
 * The counts are a floor, exact whenever the queue is not racing at its limit.
 */
public class DropCountingAsyncAppender extends AsyncAppender {

    static final LongAdder DISCARDED = new LongAdder();
    static final LongAdder QUEUE_FULL = new LongAdder();

    public DropCountingAsyncAppender() {
        setNeverBlock(true);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (isQueueBelowDiscardingThreshold() && isDiscardable(event)) {
            DISCARDED.increment();
            return;
        }
        if (getRemainingCapacity() == 0 && isNeverBlock()) {
            QUEUE_FULL.increment();
            return;
        }
        super.append(event);
    }

    /** Events dropped because the queue was nearly full and they were INFO or below. */
    public static long discarded() {
        return DISCARDED.sum();
    }

    /** Events dropped because the queue was full. */
    public static long queueFull() {
        return QUEUE_FULL.sum();
    }
}
