package io.ruleworks.adapter.out.persistence.execution;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.fixtures.contract.AbstractAutomationExecutionRepositoryContract;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;

/** The PostgreSQL adapter keeps the same promises as the in-memory fake the service tests use. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresExecutionRepositoryContractTest extends AbstractAutomationExecutionRepositoryContract
        implements TestPropertyProvider {

    @Inject
    PostgresExecutionRepository executions;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.create().properties();
    }

    @Override
    protected AutomationExecutionRepository repository() {
        return executions;
    }

    @Override
    protected TenantId aTenant() {
        return TenantFixture.stored(tenants);
    }

    @Override
    protected RuleId aRule(TenantId tenant) {
        AutomationRule rule = ruleOf(tenant).build();
        rules.insert(rule);
        return rule.id();
    }
}
