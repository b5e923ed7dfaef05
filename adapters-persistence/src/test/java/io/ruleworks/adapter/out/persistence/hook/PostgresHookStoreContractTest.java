package io.ruleworks.adapter.out.persistence.hook;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.fixtures.contract.AbstractHookStoreContract;
import io.ruleworks.application.port.out.hook.HookStore;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.TriggerType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;

/** The PostgreSQL adapter keeps the same promises as the in-memory fake the service tests use. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresHookStoreContractTest extends AbstractHookStoreContract implements TestPropertyProvider {

    @Inject
    PostgresHookStore hooks;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.create().properties();
    }

    @Override
    protected HookStore store() {
        return hooks;
    }

    @Override
    protected RuleRef aRule() {
        AutomationRule rule = ruleOf(TenantFixture.stored(tenants)).trigger(TriggerType.WEBHOOK).build();
        rules.insert(rule);
        return new RuleRef(rule.tenant(), rule.id());
    }
}
