package io.ruleworks.application.service.trigger;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.InMemoryOutbox;
import io.ruleworks.application.fixtures.RecordingEventPublisher;
import io.ruleworks.application.port.out.event.Outbox;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxRelayTest {

    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final RecordingEventPublisher publisher = new RecordingEventPublisher();
    private final DirectTransactions transactions = new DirectTransactions();
    private final OutboxRelay relay = new OutboxRelay(outbox, publisher, transactions);

    @Test
    void unpublished_entries_are_published_in_order_and_marked_published() {
        Outbox.Entry created = outbox.append("automation.execution.created");
        Outbox.Entry started = outbox.append("automation.execution.started");
        Outbox.Entry completed = outbox.append("automation.execution.completed");

        int relayed = relay.relay(10);

        assertThat(relayed).isEqualTo(3);
        assertThat(publisher.published()).containsExactly(created, started, completed);
        assertThat(outbox.unpublished()).isEmpty();
    }

    @Test
    void the_relay_publishes_and_marks_in_one_transaction() {
        outbox.append("automation.execution.created");

        relay.relay(10);

        assertThat(transactions.begun()).isEqualTo(1);
    }

    @Test
    void at_most_max_entries_are_relayed_the_oldest_first() {
        Outbox.Entry first = outbox.append("automation.execution.created");
        Outbox.Entry second = outbox.append("automation.execution.started");
        Outbox.Entry third = outbox.append("automation.execution.completed");

        int relayed = relay.relay(2);

        assertThat(relayed).isEqualTo(2);
        assertThat(publisher.published()).containsExactly(first, second);
        assertThat(outbox.unpublished()).containsExactly(third);
    }

    @Test
    void a_later_relay_carries_on_with_what_is_left() {
        outbox.append("automation.execution.created");
        outbox.append("automation.execution.started");
        Outbox.Entry third = outbox.append("automation.execution.completed");
        relay.relay(2);

        int relayed = relay.relay(2);

        assertThat(relayed).isEqualTo(1);
        assertThat(publisher.published()).hasSize(3).last().isEqualTo(third);
        assertThat(outbox.unpublished()).isEmpty();
    }

    @Test
    void with_nothing_to_publish_nothing_is_published_or_marked() {
        int relayed = relay.relay(10);

        assertThat(relayed).isZero();
        assertThat(publisher.published()).isEmpty();
        assertThat(outbox.markCalls()).isEmpty();
    }

    @Test
    void already_published_entries_are_not_published_again() {
        outbox.append("automation.execution.created");
        relay.relay(10);

        int relayed = relay.relay(10);

        assertThat(relayed).isZero();
        assertThat(publisher.published()).hasSize(1);
    }

    @Test
    void a_publisher_that_fails_leaves_every_entry_of_the_batch_unpublished() {
        Outbox.Entry first = outbox.append("automation.execution.created");
        Outbox.Entry second = outbox.append("automation.execution.started");
        publisher.failingOn(second.id());

        assertThatThrownBy(() -> relay.relay(10)).hasMessage("broker unavailable");

        assertThat(outbox.markCalls()).isEmpty();
        assertThat(outbox.unpublished()).containsExactly(first, second);
    }

    @Test
    void entries_left_by_a_failed_relay_are_published_again_later() {
        Outbox.Entry first = outbox.append("automation.execution.created");
        Outbox.Entry second = outbox.append("automation.execution.started");
        RecordingEventPublisher down = new RecordingEventPublisher().failingOn(second.id());
        assertThatThrownBy(() -> new OutboxRelay(outbox, down, transactions).relay(10))
                .isInstanceOf(IllegalStateException.class);

        int relayed = relay.relay(10);

        assertThat(relayed).isEqualTo(2);
        assertThat(publisher.published()).containsExactly(first, second);
        assertThat(outbox.markCalls()).containsExactly(List.of(first.id(), second.id()));
    }
}
