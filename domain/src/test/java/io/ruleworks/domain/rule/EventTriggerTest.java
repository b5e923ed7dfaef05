package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.Rejections.violatedFields;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

class EventTriggerTest {

    private static RuleDraft event(Map<String, Object> config) {
        return aRule().withTrigger("event_based", config).build();
    }

    /** The config as parsed; it must also pass the JSON Schema generated from the parser (GET /meta). */
    private static EventTrigger read(Map<String, Object> config) {
        EventTrigger read = (EventTrigger) RuleDefinition.from(event(config)).triggerConfig();
        assertThat(io.ruleworks.domain.fixtures.SchemaChecks.triggerSchemaProblems(TriggerType.EVENT_BASED, config))
                .as("the generated schema accepts %s", config).isEmpty();
        return read;
    }

    @Test
    void an_event_type_alone_is_enough_and_gets_the_defaults() {
        EventTrigger trigger = read(Json.object("event_type", "ticket.created"));

        assertThat(trigger).isEqualTo(new EventTrigger("ticket.created", Optional.empty(), Map.of(), 0,
                Optional.empty(), Optional.empty()));
    }

    @Test
    void an_event_trigger_keeps_every_setting_it_was_given() {
        EventTrigger trigger = read(Json.object("event_type", "ticket.updated", "event_source", "psa",
                "event_filters", Json.object("priority", "high", "assignee", null),
                "batch_size", 20, "batch_timeout_minutes", 3));

        assertThat(trigger).isEqualTo(new EventTrigger("ticket.updated", Optional.of("psa"),
                Json.object("priority", "high", "assignee", null), 0, Optional.of(20L), Optional.of(3L)));
    }

    @Test
    void debounce_and_batching_cannot_be_combined() {
        assertThat(violatedFields(event(Json.object("event_type", "x", "debounce_minutes", 5, "batch_size", 2))))
                .containsExactly("trigger_config.debounce_minutes");
    }

    @Test
    void a_filter_with_an_unknown_operator_is_refused_at_its_path() {
        assertThat(violatedFields(event(Json.object("event_type", "x", "event_filters",
                Json.object("priority", Json.object("operator", "approximately", "value", 1))))))
                .containsExactly("trigger_config.event_filters.priority.operator");
    }

    @Test
    void a_wildcard_is_only_allowed_as_the_last_segment() {
        assertThat(violatedFields(event(Json.object("event_type", "ticket.*.created"))))
                .containsExactly("trigger_config.event_type");
        assertThat(read(Json.object("event_type", "ticket.*")).acceptsType("ticket.sla.breached")).isTrue();
        assertThat(read(Json.object("event_type", "ticket.*")).acceptsType("ticket")).isFalse();
        assertThat(read(Json.object("event_type", "ticket.*")).acceptsType("tickets.created")).isFalse();
    }

    @Test
    void the_type_patterns_of_an_event_are_the_type_and_each_prefix_wildcard() {
        assertThat(EventTrigger.typePatterns("automation.execution.failed"))
                .containsExactly("automation.execution.failed", "automation.execution.*", "automation.*");
    }

    @Test
    void the_mode_follows_debounce_and_batch_settings() {
        assertThat(read(Json.object("event_type", "x")).mode()).isEqualTo(EventTrigger.Mode.IMMEDIATE);
        assertThat(read(Json.object("event_type", "x", "debounce_minutes", 2)).mode()).isEqualTo(EventTrigger.Mode.DEBOUNCE);
        assertThat(read(Json.object("event_type", "x", "batch_timeout_minutes", 2)).mode()).isEqualTo(EventTrigger.Mode.BATCH);
        assertThat(read(Json.object("event_type", "x", "batch_timeout_minutes", 2)).effectiveBatchSize())
                .isEqualTo(EventTrigger.MAX_BATCH_EVENTS);
    }

    @Test
    void the_event_type_is_required() {
        assertThat(messageFor(event(Json.object("event_source", "psa")), "trigger_config.event_type"))
                .isEqualTo("is required");
    }

    @Test
    void a_negative_debounce_is_refused() {
        assertThat(violatedFields(event(Json.object("event_type", "x", "debounce_minutes", -1))))
                .containsExactly("trigger_config.debounce_minutes");
    }

    @Test
    void batch_size_and_batch_timeout_must_be_at_least_one() {
        assertThat(violatedFields(event(Json.object("event_type", "x", "batch_size", 0, "batch_timeout_minutes", 0))))
                .containsExactly("trigger_config.batch_size", "trigger_config.batch_timeout_minutes");
    }

    @Test
    void event_filters_must_be_an_object() {
        assertThat(messageFor(event(Json.object("event_type", "x", "event_filters", Json.array("a"))),
                "trigger_config.event_filters")).isEqualTo("must be an object");
    }

    @Test
    void an_unknown_key_in_an_event_trigger_is_refused() {
        assertThat(violatedFields(event(Json.object("event_type", "x", "cron_expression", "* * * * *"))))
                .containsExactly("trigger_config.cron_expression");
    }
}
