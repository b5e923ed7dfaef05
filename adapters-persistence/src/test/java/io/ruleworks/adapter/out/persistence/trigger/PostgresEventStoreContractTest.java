package io.ruleworks.adapter.out.persistence.trigger;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.fixtures.contract.AbstractEventStoreContract;
import io.ruleworks.application.port.out.event.EventStore;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The PostgreSQL adapter keeps the same promises as the in-memory fake the event tests use. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEventStoreContractTest extends AbstractEventStoreContract implements TestPropertyProvider {

    @Inject
    PostgresEventStore events;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.create().properties();
    }

    @Override
    protected EventStore store() {
        return events;
    }

    @Override
    protected TenantId aTenant() {
        return TenantFixture.stored(tenants);
    }

    @Override
    protected void storeRule(AutomationRule rule) {
        rules.insert(rule);
    }
}
