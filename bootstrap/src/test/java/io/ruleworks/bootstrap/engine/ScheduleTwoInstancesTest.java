package io.ruleworks.bootstrap.engine;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real service processes tick the scheduler on one database, as fast as they can: every
 * occurrence of every scheduled rule fires exactly once, and an inactive rule never fires.
 */
@MicronautTest(transactional = false)
class ScheduleTwoInstancesTest extends EngineTestBase {

    private static final int RULE_COUNT = 40;

    private final ServiceProcesses instances = new ServiceProcesses(database);

    @Override
    protected Map<String, String> settings() {
        // this context serves the API only: the two instances below tick the scheduler
        Map<String, String> settings = new HashMap<>(NO_WORKERS);
        settings.put("ruleworks.schedules.enabled", "false");
        return settings;
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

    private int executionCount(String rule) {
        return executionsOf(http, rule).size();
    }

    @Test
    void each_occurrence_fires_exactly_once_across_two_instances() throws Exception {
        Map<String, String> settings = Map.of("RULEWORKS_QUEUE_WORKERS_ENABLED", "false",
                "RULEWORKS_SCHEDULES_TICK_INTERVAL", "20ms");
        instances.start("scheduler-a", settings);
        instances.start("scheduler-b", settings);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(instances::allStarted);
        // Occurrences every 100 ms while both instances tick every 20 ms.
        Instant first = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        List<String> active = new ArrayList<>();
        for (int i = 0; i < RULE_COUNT; i++) {
            active.add(create(http, onceAt(first.plusMillis(100L * i), "active")));
        }
        String inactive = create(http, onceAt(first, "inactive"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> active.stream().allMatch(rule -> executionCount(rule) >= 1));
        // both instances keep ticking for a while: nothing fires a second time
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String rule : active) {
                        assertThat(executionCount(rule)).as("executions of rule %s", rule).isEqualTo(1);
                    }
                    assertThat(executionCount(inactive)).isZero();
                });
    }
}
