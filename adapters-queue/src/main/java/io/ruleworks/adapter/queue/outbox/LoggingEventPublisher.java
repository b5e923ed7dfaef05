package io.ruleworks.adapter.queue.outbox;

import io.ruleworks.application.port.out.event.EventPublisher;
import io.ruleworks.application.port.out.event.Outbox;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default event publisher: one structured log line per event on the {@code ruleworks.events}
 * logger. A broker publisher replaces it by configuration (a later issue).
 */
@Singleton
class LoggingEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger("ruleworks.events");

    @Override
    public void publish(Outbox.Entry event) {
        LOG.atInfo()
                .addKeyValue("event_id", event.id())
                .addKeyValue("type", event.type())
                .addKeyValue("tenant", event.tenant())
                .addKeyValue("execution_id", event.executionId())
                .addKeyValue("rule_id", event.ruleId())
                .addKeyValue("occurred_at", event.occurredAt())
                .log(event.type());
    }
}
