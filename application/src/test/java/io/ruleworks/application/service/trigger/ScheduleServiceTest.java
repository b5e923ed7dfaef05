package io.ruleworks.application.service.trigger;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.InMemoryScheduleStore;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

class ScheduleServiceTest {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final Duration MISFIRE_THRESHOLD = Duration.ofMinutes(1);

    private final MutableClock clock = MutableClock.at(START);
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final InMemoryScheduleStore schedules = new InMemoryScheduleStore(rules);
    private final RecordingExecutionQueue queue = new RecordingExecutionQueue();
    private final ScheduleService service = new ScheduleService(schedules, rules, executions, queue,
            new DirectTransactions(), MISFIRE_THRESHOLD, clock);
    private final TenantId tenant = TenantIds.random();

    private AutomationRule scheduled(String status, Object... config) {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus(status).withTrigger("recurring", Json.object(config))
                        .withActions(RuleDrafts.action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), 1)))
                .build();
        rules.containing(rule);
        return rule;
    }

    private AutomationRule hourly(Object... extra) {
        Object[] config = new Object[extra.length + 2];
        config[0] = "schedule_type";
        config[1] = "hourly";
        System.arraycopy(extra, 0, config, 2, extra.length);
        return scheduled("active", config);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schedule(ExecutionState execution) {
        return (Map<String, Object>) execution.triggerData().get("schedule");
    }

    private List<ExecutionState> fired() {
        return executions.all();
    }

    @Test
    void a_new_rule_gets_its_next_occurrence_and_nothing_fires_before_it() {
        AutomationRule rule = hourly();

        int fired = service.tick();

        assertThat(fired).isZero();
        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).contains(Instant.parse("2026-06-01T11:00:00Z"));
    }

    @Test
    void a_due_occurrence_fires_once_with_its_schedule_in_the_trigger_data_and_moves_on() {
        AutomationRule rule = hourly();
        service.tick();
        clock.set(Instant.parse("2026-06-01T11:00:01Z"));

        assertThat(service.tick()).isEqualTo(1);
        assertThat(service.tick()).isZero();

        assertThat(fired()).singleElement().satisfies(e -> {
            assertThat(e.ruleId()).isEqualTo(rule.id());
            assertThat(e.triggerType()).isEqualTo(TriggerType.RECURRING);
            assertThat(schedule(e))
                    .containsEntry("scheduled_for", "2026-06-01T11:00:00Z").containsEntry("occurrence", 1L)
                    .containsEntry("misfire", false);
        });
        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).contains(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(queue.announcements()).isEqualTo(1);
    }

    @Test
    void an_occurrence_that_fell_before_any_instance_ticked_is_a_misfire_not_lost() {
        scheduled("active", "schedule_type", "once", "start_date", "2026-06-01T10:00:30Z");
        clock.set(Instant.parse("2026-06-01T10:05:00Z"));

        service.tick();

        assertThat(fired()).singleElement()
                .satisfies(e -> assertThat(schedule(e)).containsEntry("misfire", true));
    }

    @Test
    void an_inactive_rule_has_no_next_occurrence() {
        AutomationRule rule = scheduled("inactive", "schedule_type", "hourly");

        service.tick();
        clock.set(Instant.parse("2026-06-01T13:00:00Z"));
        service.tick();

        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).isEmpty();
        assertThat(fired()).isEmpty();
    }

    @Test
    void deactivating_a_rule_stops_its_fires_at_the_next_tick() {
        AutomationRule rule = hourly();
        service.tick();
        clock.set(Instant.parse("2026-06-01T11:00:01Z"));
        rules.containing(AutomationRules.aStoredRule().withId(rule.id()).forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus("inactive").withTrigger("recurring", Json.object("schedule_type", "hourly"))
                        .withActions(RuleDrafts.action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), 1)))
                .build());

        service.tick();

        assertThat(fired()).isEmpty();
        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).isEmpty();
    }

    @Test
    void after_downtime_fire_once_fires_one_execution_for_all_missed_occurrences_and_resumes_after_now() {
        AutomationRule rule = hourly();
        service.tick();
        clock.set(Instant.parse("2026-06-01T15:30:00Z"));

        service.tick();

        assertThat(fired()).singleElement().satisfies(e -> assertThat(schedule(e))
                .containsEntry("misfire", true).containsEntry("scheduled_for", "2026-06-01T11:00:00Z"));
        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).contains(Instant.parse("2026-06-01T16:00:00Z"));
        assertThat(schedules.row(rule.id()).orElseThrow().outcome()).contains("misfire_fired_once");
    }

    @Test
    void after_downtime_skip_fires_nothing_and_resumes_after_now() {
        AutomationRule rule = hourly("misfire_policy", "skip");
        service.tick();
        clock.set(Instant.parse("2026-06-01T15:30:00Z"));

        service.tick();

        assertThat(fired()).isEmpty();
        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).contains(Instant.parse("2026-06-01T16:00:00Z"));
    }

    @Test
    void skip_if_running_passes_an_occurrence_while_an_execution_is_in_flight() {
        AutomationRule rule = hourly("skip_if_running", true);
        service.tick();
        executions.setInFlight(tenant, rule.id(), true);
        clock.set(Instant.parse("2026-06-01T11:00:01Z"));

        service.tick();

        assertThat(fired()).isEmpty();
        assertThat(schedules.row(rule.id()).orElseThrow().outcome()).contains("skipped_running");
        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).contains(Instant.parse("2026-06-01T12:00:00Z"));
    }

    @Test
    void max_executions_ends_the_schedule_after_that_many_fires() {
        AutomationRule rule = hourly("max_executions", 2);
        service.tick();
        for (int hour = 11; hour <= 14; hour++) {
            clock.set(Instant.parse("2026-06-01T%d:00:01Z".formatted(hour)));
            service.tick();
        }

        assertThat(fired()).hasSize(2);
        assertThat(schedules.row(rule.id()).orElseThrow().nextFireAt()).isEmpty();
        assertThat(schedules.row(rule.id()).orElseThrow().fireCount()).isEqualTo(2);
    }

    @Test
    void a_once_schedule_fires_at_its_start_date_only() {
        scheduled("active", "schedule_type", "once", "start_date", "2026-06-01T10:30:00Z");
        service.tick();
        clock.set(Instant.parse("2026-06-01T10:30:00Z"));
        service.tick();
        clock.set(Instant.parse("2026-06-02T10:30:00Z"));
        service.tick();

        assertThat(fired()).hasSize(1);
    }
}
