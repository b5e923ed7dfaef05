package io.ruleworks.bootstrap.http.support;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

/**
 * Base of the HTTP test classes: each class (annotated {@code @MicronautTest(transactional = false)})
 * gets its own freshly created database and one embedded server on 127.0.0.1, shared by its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HttpTestBase implements TestPropertyProvider {

    /**
     * The PostgreSQL server is shared (max_connections 100) with other test runs on the machine:
     * a test service keeps few connections. Enough for 40 concurrent requests, each a few ms long.
     */
    public static final Map<String, String> SMALL_POOL = Map.of(
            "datasources.default.maximum-pool-size", "6",
            "datasources.default.minimum-idle", "1");

    /** The service of the class serves the API only: executions stay pending, and no action ever runs. */
    public static final Map<String, String> NO_WORKERS = Map.of("ruleworks.queue.workers.enabled", "false");

    protected final TestDatabase database = TestDatabase.create();
    protected final Sql sql = new Sql(database.url(), TestDatabase.USER);

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected IssueApiKeyUseCase issuer;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(database.properties());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.putAll(SMALL_POOL);
        properties.putAll(settings());
        return properties;
    }

    /** The class's own settings, over the defaults above. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** A client without credentials. */
    protected Api anonymous() {
        return Api.onPort(server.getPort());
    }

    /** A client sending {@code key}. */
    protected Api as(String key) {
        return anonymous().withKey(key);
    }

    protected Keys keys() {
        return new Keys(issuer);
    }
}
