package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.event.IngestedEvent;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingested-event records are deleted by age, in bounded batches, and their keys become free again. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEventRetentionTest extends FreshDatabaseTest {

    private static final Instant OLD = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant RECENT = Instant.parse("2026-06-09T00:00:00Z");
    private static final Instant CUTOFF = Instant.parse("2026-06-03T00:00:00Z");

    @Inject
    PostgresEventStore events;
    @Inject
    PostgresTenantRepository tenants;
    @Inject
    JdbcTransactions transactions;

    private boolean isNew(TenantId tenant, String key, Instant receivedAt) {
        IngestedEvent event = new IngestedEvent(UUID.randomUUID().toString(), "ticket.created", Optional.empty(),
                receivedAt, Map.of());
        return transactions.inTransaction(() -> events.recordUnlessDuplicate(tenant, event, Optional.of(key),
                Optional.of("fp"), receivedAt)).isEmpty();
    }

    @Test
    void records_received_before_the_cutoff_are_deleted_in_batches_and_newer_ones_stay() {
        TenantId tenant = TenantFixture.stored(tenants);
        for (int i = 0; i < 5; i++) {
            assertThat(isNew(tenant, "old-" + i, OLD)).isTrue();
        }
        assertThat(isNew(tenant, "recent", RECENT)).isTrue();

        int first = transactions.inTransaction(() -> events.forgetReceivedBefore(CUTOFF, 3));
        int second = transactions.inTransaction(() -> events.forgetReceivedBefore(CUTOFF, 3));

        assertThat(first).isEqualTo(3);
        assertThat(second).isEqualTo(2);
        assertThat(sql.count("SELECT count(*) FROM automation_events WHERE tenant = '" + tenant + "'")).isEqualTo(1);
        assertThat(isNew(tenant, "old-0", RECENT)).as("a forgotten key is free again").isTrue();
        assertThat(isNew(tenant, "recent", RECENT)).as("a remembered key is still a duplicate").isFalse();
    }
}
