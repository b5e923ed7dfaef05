package io.ruleworks.adapter.out.persistence.access;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.fixtures.contract.AbstractApiKeyStoreContract;
import io.ruleworks.application.port.out.access.ApiKeyStore;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

/** The PostgreSQL adapter (with its key cache on, as in production) keeps the in-memory fake's promises. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresApiKeyStoreContractTest extends AbstractApiKeyStoreContract implements TestPropertyProvider {

    @Inject
    PostgresApiKeyStore keys;
    @Inject
    PostgresTenantRepository tenants;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.create().properties());
        properties.put("datasources.default.connection-timeout", "30000"); // the concurrent test queues on the pool
        return properties;
    }

    @Override
    protected ApiKeyStore store() {
        return keys;
    }

    @Override
    protected TenantId aTenant() {
        return TenantFixture.stored(tenants);
    }
}
