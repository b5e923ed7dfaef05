package io.ruleworks.adapter.out.persistence.trigger;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.fixtures.contract.AbstractConditionPollStoreContract;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.trigger.ConditionPollStore;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The PostgreSQL adapter keeps the same promises as the in-memory fake the polling tests use. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConditionPollStoreContractTest extends AbstractConditionPollStoreContract
        implements TestPropertyProvider {

    @Inject
    PostgresConditionPollStore polls;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.create().properties();
    }

    @Override
    protected ConditionPollStore store() {
        return polls;
    }

    @Override
    protected TenantId aTenant() {
        return TenantFixture.stored(tenants);
    }

    @Override
    protected AutomationRuleRepository rules() {
        return rules;
    }
}
