package io.ruleworks.bootstrap.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The service's own logging configuration ({@link ServiceLogConfiguration}), with its console output replaced by a consumer that blocks (as a
 * full pipe or a stuck container log driver would): the threads that log go on, and what cannot be
 * queued is dropped and counted.
 */
class NonBlockingLoggingTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean writerBlocked = new AtomicBoolean();
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        release.countDown();
        context.stop();
    }

    @Test
    void a_blocked_log_consumer_never_stalls_the_threads_that_log_and_the_drops_are_counted() throws Exception {
        DropCountingAsyncAppender async = shippedAsyncAppenderWritingTo(blockedConsumer());
        Logger access = context.getLogger("ruleworks.access");
        access.info("the first line, on which the writer thread blocks");
        await().atMost(Duration.ofSeconds(20)).untilTrue(writerBlocked);
        long droppedBefore = DropCountingAsyncAppender.discarded() + DropCountingAsyncAppender.queueFull();
        int lines = 20_000;
        int keptInfo = async.getQueueSize() - async.getDiscardingThreshold();

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < lines; i++) {
                access.info("request {}", i);
            }
        }, "a logging thread waited for the blocked consumer");

        long dropped = DropCountingAsyncAppender.discarded() + DropCountingAsyncAppender.queueFull() - droppedBefore;
        int queued = async.getNumberOfElementsInQueue();
        // INFO fills the queue until fewer free slots than the threshold remain; every other line was
        // dropped, and counted
        assertThat(queued).isEqualTo(keptInfo + 1);
        assertThat(dropped).isEqualTo(lines - queued);
        context.getLogger("ruleworks.events").error("kept: above INFO, room left below the threshold");
        assertThat(async.getNumberOfElementsInQueue()).isEqualTo(queued + 1);
    }

    @Test
    void the_drops_are_exported_as_a_counter_per_reason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new LogDropMetrics().bindTo(registry);
        DropCountingAsyncAppender.QUEUE_FULL.add(3);

        assertThat(registry.get("ruleworks.log.dropped").tag("reason", "queue_full").functionCounter().count())
                .isEqualTo(DropCountingAsyncAppender.queueFull());
        assertThat(registry.get("ruleworks.log.dropped").tag("reason", "discarded").functionCounter().count())
                .isEqualTo(DropCountingAsyncAppender.discarded());
        assertThat(DropCountingAsyncAppender.queueFull()).isGreaterThanOrEqualTo(3);
    }

    /** Output that never drains, as a pipe nobody reads once its buffer is full. */
    private OutputStream blockedConsumer() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                await();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                await();
            }

            private void await() {
                writerBlocked.set(true);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @SuppressWarnings("unchecked")
    private DropCountingAsyncAppender shippedAsyncAppenderWritingTo(OutputStream consumer) {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what the SLF4J binding gives the real context
        ServiceLogConfiguration.apply(context, name -> null); // the defaults, whatever this machine's environment
        context.start();
        var appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
        assertThat(appender).isInstanceOf(DropCountingAsyncAppender.class);
        DropCountingAsyncAppender async = (DropCountingAsyncAppender) appender;
        assertThat(async.isNeverBlock()).isTrue();
        // the console appender, as configured, now writes to the consumer (nothing was logged yet)
        ((OutputStreamAppender<ILoggingEvent>) async.getAppender("STDOUT")).setOutputStream(consumer);
        return async;
    }
}
