package io.ruleworks.application.service;

import io.ruleworks.application.port.in.RelayEventsUseCase;
import io.ruleworks.application.port.out.EventPublisher;
import io.ruleworks.application.port.out.Outbox;
import io.ruleworks.application.port.out.Transactions;

import java.util.List;
import java.util.Optional;

/**
 * Relays outbox entries to the EventPublisher, in id order, marking them published in the same
 * transaction that locked them: an entry is published at least once, and a crash between publish
 * and commit (or losing that relaxed commit) publishes it again. Each entry is also fed, in that
 * same transaction, to the event_based rules listening to automation.execution.* events; that
 * side records the entry, so it fires rules once however often the entry is relayed.
 */
public final class OutboxRelay implements RelayEventsUseCase {

    private final Outbox outbox;
    private final EventPublisher publisher;
    private final Optional<EventService> eventRules;
    private final Transactions transactions;

    public OutboxRelay(Outbox outbox, EventPublisher publisher, Transactions transactions) {
        this(outbox, publisher, Optional.empty(), transactions);
    }

    public OutboxRelay(Outbox outbox, EventPublisher publisher, Optional<EventService> eventRules,
                       Transactions transactions) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.eventRules = eventRules;
        this.transactions = transactions;
    }

    @Override
    public int relay(int max) {
        return transactions.inReplayableTransaction(() -> {
            List<Outbox.Entry> entries = outbox.lockUnpublished(max);
            for (Outbox.Entry entry : entries) {
                publisher.publish(entry);
                eventRules.ifPresent(rules -> rules.relayed(entry));
            }
            if (!entries.isEmpty()) {
                outbox.markPublished(entries.stream().map(Outbox.Entry::id).toList());
            }
            return entries.size();
        });
    }
}
