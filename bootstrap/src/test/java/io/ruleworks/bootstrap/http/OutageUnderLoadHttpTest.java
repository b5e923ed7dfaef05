package io.ruleworks.bootstrap.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Keys;
import io.ruleworks.bootstrap.http.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database outage while 32 clients loop on GET /rules (the database reached through a TCP proxy
 * that the test cuts): what needs no database (the OpenAPI document, a 401 for a missing or garbled
 * key) answers at once; what needs it fails with 503 and Retry-After within about the pool's
 * connection timeout, never with 500; and the service recovers by itself when the database is back.
 * Before, the document took 169 s, a 401 16 s, and the start of the outage answered some 500s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageUnderLoadHttpTest {

    private static final int CLIENTS = 32;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** What needs no database: at once, with room for a loaded build machine. */
    private static final Duration AT_ONCE = Duration.ofMillis(1500);
    /** What needs the database: the pool's connection timeout, plus room for a loaded machine. */
    private static final Duration FAST_503 = CONNECTION_TIMEOUT.plusSeconds(2);
    private static final String RULES = "/api/v1/automation/rules";

    private final TestDatabase database = TestDatabase.create();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TcpProxy proxy;
    private EmbeddedServer server;
    private String key;

    @BeforeAll
    void startServiceBehindProxy() {
        proxy = TcpProxy.to(URI.create(TestDatabase.SERVER.substring("jdbc:".length())).getPort());
        Map<String, Object> properties = new HashMap<>(HttpTestBase.SMALL_POOL);
        properties.putAll(Map.of(
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name(),
                "datasources.default.username", TestDatabase.USER,
                "datasources.default.password", "",
                "datasources.default.connection-timeout", Long.toString(CONNECTION_TIMEOUT.toMillis()),
                "micronaut.server.host", "127.0.0.1",
                // one fixed port, so /health (endpoints.all.port) is served beside the API
                "micronaut.server.port", Integer.toString(freePort()),
                "ruleworks.queue.workers.enabled", "false"));
        server = ApplicationContext.run(EmbeddedServer.class, properties, "test");
        IssueApiKeyUseCase issuer = server.getApplicationContext().getBean(IssueApiKeyUseCase.class);
        key = new Keys(issuer).adminOfNewTenant().apiKey();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    private record Answer(int status, Duration took, HttpResponse<String> response) {
    }

    private Answer get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(200)).GET();
        headers.forEach(request::header);
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), Duration.ofNanos(System.nanoTime() - started), response);
        } catch (IOException e) {
            return new Answer(-1, Duration.ofNanos(System.nanoTime() - started), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-2, Duration.ofNanos(System.nanoTime() - started), null);
        }
    }

    /** 32 threads looping on GET /rules with a valid key, counting statuses and the slowest answer. */
    private final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final ConcurrentMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final AtomicLong slowest503Nanos = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();

        Load start() {
            for (int i = 0; i < CLIENTS; i++) {
                threads.add(Thread.ofPlatform().daemon().name("load-" + i).start(() -> {
                    while (running.get()) {
                        Answer answer = get(RULES, Map.of("x-api-key", key));
                        statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                        if (answer.status() == 503) {
                            slowest503Nanos.accumulateAndGet(answer.took().toNanos(), Math::max);
                        }
                    }
                }));
            }
            return this;
        }

        long count(int status) {
            LongAdder adder = statuses.get(status);
            return adder == null ? 0 : adder.sum();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void during_an_outage_under_load_what_needs_no_database_answers_at_once_and_the_rest_fails_fast_with_503()
            throws Exception {
        try (Load load = new Load().start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.count(200) >= CLIENTS);

            proxy.stop();
            // let the outage take hold: every client now waits on the pool
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).until(() -> load.count(503) > 0);

            for (int probe = 1; probe <= 3; probe++) {
                Answer document = get(ApiDocumentation.DOCUMENT_PATH, Map.of());
                Answer missingKey = get(RULES, Map.of());
                Answer garbledKey = get(RULES, Map.of("x-api-key", "not-a-key"));
                Answer health = get("/health", Map.of());
                Answer rules = get(RULES, Map.of("x-api-key", key));

                System.out.printf("outage probe %d: document %d in %d ms, missing key %d in %d ms, garbled key %d in %d ms, "
                                + "health %d in %d ms, rules %d in %d ms%n", probe,
                        document.status(), document.took().toMillis(), missingKey.status(), missingKey.took().toMillis(),
                        garbledKey.status(), garbledKey.took().toMillis(), health.status(), health.took().toMillis(),
                        rules.status(), rules.took().toMillis());
                assertThat(document.status()).as("document, probe " + probe).isEqualTo(200);
                assertThat(document.took()).as("document, probe " + probe).isLessThan(AT_ONCE);
                assertThat(missingKey.status()).as("missing key, probe " + probe).isEqualTo(401);
                assertThat(missingKey.took()).as("missing key, probe " + probe).isLessThan(AT_ONCE);
                assertThat(garbledKey.status()).as("garbled key, probe " + probe).isEqualTo(401);
                assertThat(garbledKey.took()).as("garbled key, probe " + probe).isLessThan(AT_ONCE);
                assertThat(health.status()).as("health, probe " + probe).isEqualTo(503);
                assertThat(health.took()).as("health, probe " + probe).isLessThan(FAST_503);
                assertThat(rules.status()).as("rules, probe " + probe).isEqualTo(503);
                assertThat(rules.took()).as("rules, probe " + probe).isLessThan(FAST_503);
                assertThat(rules.response().headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                assertThat(rules.response().body()).contains("SERVICE_UNAVAILABLE");
            }

            proxy.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(RULES, Map.of("x-api-key", key)).status() == 200);
            long recovered = load.count(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> load.count(200) > recovered + CLIENTS);
            load.close();

            System.out.printf("outage load: statuses %s, slowest 503 %d ms%n", load.statuses,
                    Duration.ofNanos(load.slowest503Nanos.get()).toMillis());
            assertThat(load.statuses.keySet()).as("statuses under load: " + load.statuses)
                    .containsOnly(200, 503);
            assertThat(Duration.ofNanos(load.slowest503Nanos.get())).as("slowest 503 under load")
                    .isLessThan(FAST_503);
        } finally {
            proxy.start();
        }
    }
}
