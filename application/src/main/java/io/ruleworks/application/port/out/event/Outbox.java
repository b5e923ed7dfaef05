package io.ruleworks.application.port.out.event;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.List;

/** The transactional outbox: events written with the state change, relayed afterwards. */
public interface Outbox {

    record Entry(long id, TenantId tenant, String type, ExecutionId executionId, RuleId ruleId, Instant occurredAt) {
    }

    /** Oldest entries, locked for the surrounding transaction (others skip them). */
    List<Entry> lockUnpublished(int max);

    /** Forgets published entries (in the transaction that locked them): the outbox keeps only what is still to relay. */
    void markPublished(List<Long> ids);
}
