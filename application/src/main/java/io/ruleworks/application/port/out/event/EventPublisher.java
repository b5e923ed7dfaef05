package io.ruleworks.application.port.out.event;

/** Where relayed events go (a log, a broker). Delivery is at least once: consumers deduplicate by entry id. */
public interface EventPublisher {

    void publish(Outbox.Entry event);
}
