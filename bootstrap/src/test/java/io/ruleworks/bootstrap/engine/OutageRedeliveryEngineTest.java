package io.ruleworks.bootstrap.engine;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.bootstrap.http.support.RecordingSink;
import io.ruleworks.bootstrap.http.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: a worker that finished its action while the database was unreachable keeps the result
 * and saves it once the database is back — the action is not delivered again, although the
 * outage outlasted the lease (2 s here). The service reaches PostgreSQL through a TCP proxy the
 * test cuts and restores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageRedeliveryEngineTest {

    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private final TestDatabase database = TestDatabase.create();
    private TcpProxy proxy;
    private EmbeddedServer server;
    private RecordingSink sink;
    private EngineHttp http;

    @BeforeAll
    void startServiceBehindProxy() throws IOException {
        proxy = TcpProxy.to(URI.create(TestDatabase.SERVER.substring("jdbc:".length())).getPort());
        sink = new RecordingSink();
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name());
        properties.put("datasources.default.username", TestDatabase.USER);
        properties.put("datasources.default.password", "");
        properties.put("datasources.default.maximum-pool-size", "8");
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("ruleworks.queue.lease", "2s");
        properties.put("ruleworks.queue.rescue-interval", "500ms");
        properties.put("ruleworks.queue.poll-interval", "200ms");
        properties.put("ruleworks.outbound.allow", "127.0.0.1/32"); // the sink is on loopback
        server = ApplicationContext.run(EmbeddedServer.class, properties, "test");
        http = EngineHttp.adminOfNewTenant(server);
    }

    @AfterAll
    void stopAll() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void an_action_finished_during_an_outage_longer_than_the_lease_is_saved_afterwards_and_not_delivered_again()
            throws InterruptedException {
        String path = "/outage";
        String ruleId = EngineTestBase.create(http, EngineTestBase.manualRule("outage", List.of(
                EngineTestBase.webhook(1, sink.url(path)), EngineTestBase.webhook(2, sink.url(path + "/2")))));
        sink.delay(Duration.ofSeconds(1));
        String execution = (String) http.post(EngineTestBase.RULES + "/" + ruleId + "/execute",
                Map.of("automation_rule_id", ruleId)).data().get("execution_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.receivedOn(path).size() == 1);

        // the database goes away while the first action is answered, for longer than the lease
        proxy.stop();
        Thread.sleep(OUTAGE.toMillis());
        sink.delay(Duration.ZERO);
        proxy.start();

        Map<String, Object> done = await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> http.get(EngineTestBase.EXECUTIONS + "/" + execution).data(),
                        data -> List.of("completed", "failed").contains(data.get("status")));
        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(sink.receivedOn(path)).hasSize(1);
            assertThat(sink.receivedOn(path + "/2")).hasSize(1);
        });
        assertThat(String.valueOf(done.get("logs"))).doesNotContain("lease expired");
    }
}
