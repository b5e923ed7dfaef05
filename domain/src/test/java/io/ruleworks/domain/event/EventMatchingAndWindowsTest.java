package io.ruleworks.domain.event;

import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.rule.EventTrigger;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

class EventMatchingAndWindowsTest {

    private static final ConditionEvaluator EVALUATOR = new ConditionEvaluator();
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static EventTrigger trigger(Map<String, Object> config) {
        return (EventTrigger) RuleDefinition.from(aRule().withTrigger("event_based", config).build()).triggerConfig();
    }

    private static IngestedEvent event(String type, String source, Map<String, Object> payload) {
        return new IngestedEvent(UUID.randomUUID().toString(), type, Optional.ofNullable(source), T0, payload);
    }

    @Test
    void plain_filter_values_mean_equals_and_null_means_absent() {
        EventTrigger t = trigger(Json.object("event_type", "ticket.created",
                "event_filters", Json.object("priority", "high", "assignee", null)));

        assertThat(event("ticket.created", null, Json.object("priority", "high")).matches(t, EVALUATOR)).isTrue();
        assertThat(event("ticket.created", null, Json.object("priority", "low")).matches(t, EVALUATOR)).isFalse();
        assertThat(event("ticket.created", null, Json.object("priority", "high", "assignee", "ann"))
                .matches(t, EVALUATOR)).isFalse();
    }

    @Test
    void condition_filters_use_the_condition_operators_on_nested_fields() {
        EventTrigger t = trigger(Json.object("event_type", "ticket.*", "event_filters",
                Json.object("ticket.amount", Json.object("operator", "greater_than", "value", 100))));

        assertThat(event("ticket.updated", null, Json.object("ticket", Json.object("amount", 150)))
                .matches(t, EVALUATOR)).isTrue();
        assertThat(event("ticket.updated", null, Json.object("ticket", Json.object("amount", 50)))
                .matches(t, EVALUATOR)).isFalse();
        assertThat(event("invoice.updated", null, Json.object("ticket", Json.object("amount", 150)))
                .matches(t, EVALUATOR)).isFalse();
    }

    @Test
    void a_rule_with_a_source_only_hears_that_source() {
        EventTrigger t = trigger(Json.object("event_type", "ticket.created", "event_source", "psa"));

        assertThat(event("ticket.created", "psa", Map.of()).matches(t, EVALUATOR)).isTrue();
        assertThat(event("ticket.created", "crm", Map.of()).matches(t, EVALUATOR)).isFalse();
        assertThat(event("ticket.created", null, Map.of()).matches(t, EVALUATOR)).isFalse();
    }

    @Test
    void each_event_pushes_a_debounce_window_out_until_it_is_quiet() {
        MutableClock clock = MutableClock.at(T0);
        EventTrigger t = trigger(Json.object("event_type", "x", "debounce_minutes", 5));
        EventWindow w = EventWindow.open(UUID.randomUUID(), t, clock.instant())
                .add(t, event("x", null, Map.of()), Lineage.ROOT, clock.instant());
        clock.advance(Duration.ofMinutes(4));
        w = w.add(t, event("x", null, Json.object("n", 2)), Lineage.ROOT, clock.instant());
        clock.advance(Duration.ofMinutes(4));

        assertThat(w.isDue(clock.instant())).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(w.isDue(clock.instant())).isTrue();
        assertThat(w.count()).isEqualTo(2);
        assertThat(w.lastEvent().orElseThrow().payload()).containsEntry("n", 2);
    }

    @Test
    void a_batch_fires_when_full_or_at_its_timeout_counted_from_its_first_event() {
        MutableClock clock = MutableClock.at(T0);
        EventTrigger t = trigger(Json.object("event_type", "x", "batch_size", 3, "batch_timeout_minutes", 10));
        EventWindow w = EventWindow.open(UUID.randomUUID(), t, clock.instant());
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(4));
            w = w.add(t, event("x", null, Map.of()), Lineage.ROOT, clock.instant());
        }
        assertThat(w.isFull(t)).isFalse();
        assertThat(w.isDue(T0.plus(Duration.ofMinutes(9)))).isFalse();
        assertThat(w.isDue(T0.plus(Duration.ofMinutes(10)))).isTrue();
        assertThat(w.add(t, event("x", null, Map.of()), Lineage.ROOT, clock.instant()).isFull(t)).isTrue();
    }

    @Test
    void a_batch_without_timeout_only_fires_when_full() {
        EventTrigger t = trigger(Json.object("event_type", "x", "batch_size", 2));
        EventWindow w = EventWindow.open(UUID.randomUUID(), t, T0).add(t, event("x", null, Map.of()), Lineage.ROOT, T0);

        assertThat(w.isDue(T0.plus(Duration.ofDays(365)))).isFalse();
    }

    @Test
    void the_loop_guard_stops_a_rule_already_in_the_chain_and_a_chain_too_deep() {
        RuleId watcher = new RuleId(UUID.randomUUID());
        RuleId other = new RuleId(UUID.randomUUID());

        assertThat(Lineage.ROOT.loopProblem(watcher, 5)).isEmpty();
        assertThat(Lineage.ROOT.childDepth()).isZero();
        assertThat(Lineage.ofExecution(List.of(other.toString(), watcher.toString()), 1).loopProblem(watcher, 5))
                .hasValueSatisfying(p -> assertThat(p).startsWith("cycle"));
        assertThat(Lineage.ofExecution(List.of(other.toString()), 5).loopProblem(watcher, 5))
                .hasValueSatisfying(p -> assertThat(p).startsWith("depth"));
        assertThat(Lineage.ofExecution(List.of(other.toString()), 4).childChain(watcher))
                .containsExactly(other.toString(), watcher.toString());
    }
}
