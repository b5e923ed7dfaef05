package io.ruleworks.bootstrap.engine;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.domain.access.Permission;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the engine test classes (each annotated {@code @MicronautTest(transactional = false)}):
 * a freshly created database per class, one embedded server on 127.0.0.1 whose workers poll every
 * 200 ms and may call peers on 127.0.0.1 (the SSRF guard refuses loopback unless allowlisted), and
 * {@link #http}, an admin of a new tenant. A class adds its own settings in {@link #settings()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineTestBase implements TestPropertyProvider {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String RULES = "/api/v1/automation/rules";
    static final String EXECUTIONS = "/api/v1/automation/executions";
    /** Leases of 2 s, rescued every 500 ms: a lost lease, or a lease loop, shows within seconds. */
    static final Map<String, String> SHORT_LEASES = Map.of(
            "ruleworks.queue.lease", "2s",
            "ruleworks.queue.rescue-interval", "500ms");
    /** The service of the class serves the API only: another worker (a process, a test's dispatcher) runs executions. */
    static final Map<String, String> NO_WORKERS = Map.of("ruleworks.queue.workers.enabled", "false");

    protected final TestDatabase database = TestDatabase.create();

    @Inject
    EmbeddedServer server;
    @Inject
    IssueApiKeyUseCase keys;
    @Inject
    JsonMapper json;

    /** The key of {@link #http}. */
    IssuedApiKey admin;
    /** An admin (every permission) of a tenant of its own. */
    EngineHttp http;

    @Override
    public final Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(database.properties());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("ruleworks.queue.poll-interval", "200ms");
        properties.put("ruleworks.outbound.allow", "127.0.0.1/32");
        properties.putAll(settings());
        return properties;
    }

    /** The class's own settings, over the defaults above. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @BeforeAll
    final void connectAsAdmin() {
        admin = EngineHttp.issue(server, Optional.empty(), EnumSet.allOf(Permission.class));
        http = EngineHttp.as(server, admin);
    }

    /** Saves {@code rule} as {@code as} and answers its id; fails unless it was created. */
    static String create(EngineHttp as, Map<String, Object> rule) {
        EngineHttp.Answer created = as.post(RULES, rule);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        return (String) created.data().get("rule_id");
    }

    /** An active manual rule named {@code name} with {@code actions}; a mutable map, for more fields. */
    static Map<String, Object> manualRule(String name, List<Map<String, Object>> actions) {
        return new HashMap<>(Map.of("name", name, "status", "active", "trigger_type", "manual",
                "trigger_config", Map.of(), "actions", actions));
    }

    /** A webhook_call action to {@code url}; a mutable map, for more config. */
    static Map<String, Object> webhook(int order, String url) {
        return new HashMap<>(Map.of("type", "webhook_call", "order", order, "config", new HashMap<>(Map.of("url", url))));
    }

    /** Executes {@code rule} with {@code execution_data} and answers the new execution's id; fails unless it was created. */
    String started(String rule, Map<String, Object> executionData) {
        EngineHttp.Answer started = http.post(RULES + "/" + rule + "/execute", Map.of("automation_rule_id", rule,
                "execution_data", executionData));
        assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
        return (String) started.data().get("execution_id");
    }

    /** The execution as GET shows it, once its status is one of {@code statuses}. */
    Map<String, Object> awaitStatus(String execution, String... statuses) {
        List<String> wanted = List.of(statuses);
        return await().atMost(WAIT).until(() -> http.get(EXECUTIONS + "/" + execution).data(),
                data -> wanted.contains(data.get("status")));
    }

    /** The execution as GET shows it, once it completed or failed. */
    Map<String, Object> awaitEnd(String execution) {
        return awaitStatus(execution, "completed", "failed");
    }

    /** The executions of {@code rule} (first page), as {@code as} lists them. */
    static List<Map<String, Object>> executionsOf(EngineHttp as, String rule) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) as.get(EXECUTIONS + "?automation_rule_id=" + rule
                + "&limit=100").body().get("data");
        return data;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
