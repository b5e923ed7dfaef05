package io.ruleworks.application.port.in.event;

/** Forgets ingested-event records (and their idempotency keys) past the retention period. */
public interface PruneEventsUseCase {

    /** Returns how many records were forgotten. */
    int prune();
}
