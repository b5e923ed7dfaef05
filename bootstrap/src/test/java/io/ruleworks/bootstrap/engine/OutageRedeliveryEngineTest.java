package io.ruleworks.bootstrap.engine;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.bootstrap.http.support.TcpProxy;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        var issued = server.getApplicationContext().getBean(IssueApiKeyUseCase.class).issue(new IssueApiKeyCommand(
                Optional.empty(), EnumSet.allOf(Permission.class), Optional.empty(), Optional.empty()));
        http = new EngineHttp(server.getURI(), issued.apiKey(), server.getApplicationContext().getBean(JsonMapper.class));
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
        EngineHttp.Answer rule = http.post("/api/v1/automation/rules", Map.of("name", "outage", "status", "active",
                "trigger_type", "manual", "trigger_config", Map.of(), "actions", List.of(
                        Map.of("type", "webhook_call", "order", 1, "config", Map.of("url", sink.url(path))),
                        Map.of("type", "webhook_call", "order", 2, "config", Map.of("url", sink.url(path + "/2"))))));
        String ruleId = (String) rule.data().get("rule_id");
        sink.delay(Duration.ofSeconds(1));
        String execution = (String) http.post("/api/v1/automation/rules/" + ruleId + "/execute",
                Map.of("automation_rule_id", ruleId)).data().get("execution_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.receivedOn(path).size() == 1);

        // the database goes away while the first action is answered, for longer than the lease
        proxy.stop();
        Thread.sleep(OUTAGE.toMillis());
        sink.delay(Duration.ZERO);
        proxy.start();

        Map<String, Object> done = await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> http.get("/api/v1/automation/executions/" + execution).data(),
                        data -> List.of("completed", "failed").contains(data.get("status")));
        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(sink.receivedOn(path)).hasSize(1);
            assertThat(sink.receivedOn(path + "/2")).hasSize(1);
        });
        assertThat(String.valueOf(done.get("logs"))).doesNotContain("lease expired");
    }
}
