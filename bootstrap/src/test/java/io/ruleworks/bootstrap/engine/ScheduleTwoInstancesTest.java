package io.ruleworks.bootstrap.engine;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.domain.access.Permission;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real service processes tick the scheduler on one database, as fast as they can: every
 * occurrence of every scheduled rule fires exactly once, and an inactive rule never fires.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleTwoInstancesTest implements TestPropertyProvider {

    private static final int RULES = 40;

    private final TestDatabase database = TestDatabase.create();
    private final ServiceProcesses instances = new ServiceProcesses(database);

    @Inject
    EmbeddedServer server;
    @Inject
    IssueApiKeyUseCase keys;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(database.properties());
        // this context serves the API only: the two instances below tick the scheduler
        properties.put("ruleworks.queue.workers.enabled", "false");
        properties.put("ruleworks.schedules.enabled", "false");
        return properties;
    }

    @AfterAll
    void stopInstances() {
        instances.close();
    }

    private static Map<String, Object> onceAt(Instant at, String status) {
        return Map.of("name", "once at " + at, "status", status, "trigger_type", "time_based",
                "trigger_config", Map.of("schedule_type", "once", "start_date", at.toString()),
                "actions", List.of(Map.of("type", "webhook_call", "order", 1,
                        "config", Map.of("url", "http://127.0.0.1:1/never-called"))));
    }

    private int executionsOf(EngineHttp http, String rule) {
        EngineHttp.Answer answer = http.get("/api/v1/automation/executions?automation_rule_id=" + rule + "&limit=100");
        assertThat(answer.status()).isEqualTo(200);
        return ((List<?>) answer.body().get("data")).size();
    }

    @Test
    void each_occurrence_fires_exactly_once_across_two_instances() throws Exception {
        var issued = keys.issue(new IssueApiKeyCommand(Optional.empty(), EnumSet.allOf(Permission.class),
                Optional.empty(), Optional.empty()));
        EngineHttp http = new EngineHttp(server.getURI(), issued.apiKey(), json);
        Map<String, String> settings = Map.of("RULEWORKS_QUEUE_WORKERS_ENABLED", "false",
                "RULEWORKS_SCHEDULES_TICK_INTERVAL", "20ms");
        instances.start("scheduler-a", settings);
        instances.start("scheduler-b", settings);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(instances::allStarted);
        // Occurrences every 100 ms while both instances tick every 20 ms.
        Instant first = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        List<String> active = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            EngineHttp.Answer created = http.post("/api/v1/automation/rules",
                    onceAt(first.plusMillis(100L * i), "active"));
            assertThat(created.status()).isEqualTo(201);
            active.add((String) created.data().get("rule_id"));
        }
        String inactive = (String) http.post("/api/v1/automation/rules", onceAt(first, "inactive"))
                .data().get("rule_id");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> active.stream().allMatch(rule -> executionsOf(http, rule) >= 1));
        // both instances keep ticking for a while: nothing fires a second time
        Thread.sleep(2_000);
        for (String rule : active) {
            assertThat(executionsOf(http, rule)).as("executions of rule %s", rule).isEqualTo(1);
        }
        assertThat(executionsOf(http, inactive)).isZero();
    }
}
