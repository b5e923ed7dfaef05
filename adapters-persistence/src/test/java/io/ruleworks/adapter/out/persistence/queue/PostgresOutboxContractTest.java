package io.ruleworks.adapter.out.persistence.queue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.fixtures.contract.AbstractOutboxContract;
import io.ruleworks.application.port.out.event.Outbox;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The PostgreSQL adapter keeps the same promises as the in-memory fake the relay tests use. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresOutboxContractTest extends AbstractOutboxContract implements TestPropertyProvider {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

    @Inject
    PostgresOutbox outbox;
    @Inject
    JdbcTransactions transactions;

    private DirectSql sql;

    @Override
    public Map<String, String> getProperties() {
        TestDatabase database = TestDatabase.create();
        sql = new DirectSql(database);
        return database.properties();
    }

    /** The port's lock holds for the surrounding transaction, as the relay calls it. */
    @Override
    protected Outbox outbox() {
        return new Outbox() {
            @Override
            public List<Entry> lockUnpublished(int max) {
                return transactions.inTransaction(() -> outbox.lockUnpublished(max));
            }

            @Override
            public void markPublished(List<Long> ids) {
                transactions.run(() -> outbox.markPublished(ids));
            }
        };
    }

    @Override
    protected Outbox.Entry append(String type) {
        TenantId tenant = new TenantId(UUID.randomUUID());
        ExecutionId execution = ExecutionId.newId();
        RuleId rule = RuleId.newId();
        long id = sql.query("INSERT INTO automation_outbox (tenant, event_type, execution_id, rule_id, occurred_at) "
                        + "VALUES (?, ?, ?, ?, ?) RETURNING event_id", rs -> rs.getLong(1), tenant.value(), type,
                execution.value(), rule.value(), Timestamp.from(AT)).getFirst();
        return new Outbox.Entry(id, tenant, type, execution, rule, AT);
    }
}
