package io.ruleworks.adapter.out.persistence.access;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.fixtures.contract.AbstractTenantRepositoryContract;
import io.ruleworks.application.port.out.access.TenantRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The PostgreSQL adapter keeps the same promises as the in-memory fake the service tests use. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTenantRepositoryContractTest extends AbstractTenantRepositoryContract implements TestPropertyProvider {

    @Inject
    PostgresTenantRepository tenants;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.create().properties();
    }

    @Override
    protected TenantRepository repository() {
        return tenants;
    }
}
