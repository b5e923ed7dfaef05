package io.ruleworks.application.port.in.event;

public interface RelayEventsUseCase {

    /** Publishes up to {@code max} outbox events in order; returns how many were published. */
    int relay(int max);
}
