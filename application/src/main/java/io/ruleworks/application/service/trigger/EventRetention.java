package io.ruleworks.application.service.trigger;

import io.ruleworks.application.port.in.event.PruneEventsUseCase;
import io.ruleworks.application.port.out.event.EventStore;
import io.ruleworks.application.port.out.transaction.Transactions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the ingested-event records (what makes an Idempotency-Key on POST /events and a relayed
 * outbox entry count once) for {@code retention}, then forgets them in batches: a key is
 * remembered for the retention period, not forever, so the table does not grow without bound.
 */
public final class EventRetention implements PruneEventsUseCase {

    static final int BATCH = 1_000;

    private final EventStore events;
    private final Transactions transactions;
    private final Duration retention;
    private final Clock clock;

    public EventRetention(EventStore events, Transactions transactions, Duration retention, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("ruleworks.events.retention must be positive");
        }
        this.events = events;
        this.transactions = transactions;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public int prune() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int forgotten;
        do {
            forgotten = transactions.inTransaction(() -> events.forgetReceivedBefore(cutoff, BATCH));
            total += forgotten;
        } while (forgotten == BATCH);
        return total;
    }
}
