package io.ruleworks.bootstrap.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Keys;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.bootstrap.http.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service reaches its database through a TCP proxy that the test can cut: while the database
 * is unreachable every request gets a prompt 503 with Retry-After, and the service recovers by
 * itself once the database is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageHttpTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(6);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private final TestDatabase database = TestDatabase.create();
    private TcpProxy proxy;
    private EmbeddedServer server;
    private Api api;

    @BeforeAll
    void startServiceBehindProxy() {
        proxy = TcpProxy.to(URI.create(TestDatabase.SERVER.substring("jdbc:".length())).getPort());
        Map<String, Object> properties = new HashMap<>(HttpTestBase.SMALL_POOL);
        properties.putAll(Map.of(
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name(),
                "datasources.default.username", TestDatabase.USER,
                "datasources.default.password", "",
                "micronaut.server.host", "127.0.0.1"));
        server = ApplicationContext.run(EmbeddedServer.class, properties, "test");
        IssueApiKeyUseCase issuer = server.getApplicationContext().getBean(IssueApiKeyUseCase.class);
        api = Api.onPort(server.getPort()).withKey(new Keys(issuer).adminOfNewTenant().apiKey());
    }

    @AfterEach
    void databaseIsReachableAgain() {
        proxy.start();
    }

    @AfterAll
    void stopAll() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void an_outage_is_a_prompt_503_and_the_service_recovers_without_a_restart() {
        api.get(RULES).expectStatus(200);

        proxy.stop();
        for (int attempt = 1; attempt <= 3; attempt++) {
            long started = System.nanoTime();
            Reply down = api.get(RULES).expectStatus(503);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("attempt " + attempt).isLessThan(PROMPTLY);
            assertThat(down.errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(down.errorDetails().path("dependency").asText()).isEqualTo("database");
            assertThat(down.header("Retry-After")).hasValueSatisfying(seconds ->
                    assertThat(Integer.parseInt(seconds)).isPositive());
        }

        proxy.start();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> api.get(RULES).expectStatus(200));
    }

    @Test
    void a_write_during_an_outage_is_refused_and_not_applied_later() {
        long before = api.get(RULES).expectStatus(200).json().path("pagination").path("total").asLong();

        proxy.stop();
        Reply refused = api.post(RULES, aRule().named("Written during the outage").json()).expectStatus(503);
        assertThat(refused.header("Retry-After")).isPresent();
        proxy.start();

        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.get(RULES).expectStatus(200).json().path("pagination")
                        .path("total").asLong()).isEqualTo(before));
    }
}
