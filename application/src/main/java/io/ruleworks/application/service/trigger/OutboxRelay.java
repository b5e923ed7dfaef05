package io.ruleworks.application.service.trigger;

import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.event.RelayEventsUseCase;
import io.ruleworks.application.port.out.event.EventPublisher;
import io.ruleworks.application.port.out.event.Outbox;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.shared.TenantId;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Relays outbox entries to the EventPublisher, in id order, marking them published in the same
 * transaction that locked them: an entry is published at least once, and a crash between publish
 * and commit (or losing that relaxed commit) publishes it again. Each entry is also fed, in that
 * same transaction, to the event_based rules listening to automation.execution.* events (only the
 * entries of tenants that have such a rule: one query per batch finds them); that side records the
 * entry, so it fires rules once however often the entry is relayed. A rule-side failure of one
 * entry (anything but the database being unavailable) is logged and skipped, so it cannot hold up
 * the events of every other tenant behind it.
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

    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());

    @Override
    public int relay(int max) {
        return transactions.inReplayableTransaction(() -> {
            List<Outbox.Entry> entries = outbox.lockUnpublished(max);
            Set<TenantId> listening = entries.isEmpty() || eventRules.isEmpty()
                    ? Set.of() : eventRules.get().tenantsListening(entries);
            for (Outbox.Entry entry : entries) {
                publisher.publish(entry);
                if (listening.contains(entry.tenant())) {
                    feed(eventRules.get(), entry);
                }
            }
            if (!entries.isEmpty()) {
                outbox.markPublished(entries.stream().map(Outbox.Entry::id).toList());
            }
            return entries.size();
        });
    }

    private static void feed(EventService rules, Outbox.Entry entry) {
        try {
            rules.relayed(entry);
        } catch (DependencyUnavailableException e) {
            throw e; // the whole batch is relayed again once the database is back
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Event rules skipped outbox entry " + entry.id() + " ("
                    + entry.type() + ", execution " + entry.executionId() + "): " + e);
        }
    }
}
