package io.ruleworks.application.service.trigger;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.InMemoryEventStore;
import io.ruleworks.application.port.out.event.EventStore;
import io.ruleworks.domain.event.IngestedEvent;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventRetentionTest {

    private final MutableClock clock = MutableClock.at("2026-06-10T12:00:00Z");
    private final InMemoryEventStore store = new InMemoryEventStore(new InMemoryAutomationRuleRepository());
    private final EventRetention retention = new EventRetention(store, new DirectTransactions(), Duration.ofDays(7),
            clock);
    private final TenantId tenant = TenantIds.random();

    private Optional<EventStore.Earlier> record(String key, Instant receivedAt) {
        IngestedEvent event = new IngestedEvent(UUID.randomUUID().toString(), "ticket.created", Optional.empty(),
                receivedAt, Map.of());
        return store.recordUnlessDuplicate(tenant, event, Optional.of(key), Optional.of("fp-" + key), receivedAt);
    }

    @Test
    void records_older_than_the_retention_are_forgotten_and_their_keys_can_be_used_again() {
        record("old", Instant.parse("2026-06-01T00:00:00Z"));
        record("recent", Instant.parse("2026-06-09T00:00:00Z"));

        int forgotten = retention.prune();

        assertThat(forgotten).isEqualTo(1);
        assertThat(record("old", clock.instant())).as("forgotten: a new delivery").isEmpty();
        assertThat(record("recent", clock.instant())).as("still remembered: a duplicate").isPresent();
    }

    @Test
    void more_than_one_batch_is_forgotten_in_one_prune() {
        for (int i = 0; i < EventRetention.BATCH + 5; i++) {
            record("k" + i, Instant.parse("2026-05-01T00:00:00Z"));
        }

        assertThat(retention.prune()).isEqualTo(EventRetention.BATCH + 5);
        assertThat(retention.prune()).isZero();
    }

    @Test
    void a_retention_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new EventRetention(store, new DirectTransactions(), Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
