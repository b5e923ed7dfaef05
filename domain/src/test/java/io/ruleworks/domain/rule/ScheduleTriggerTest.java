package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.Rejections.messageFor;
import static io.ruleworks.domain.fixtures.Rejections.violatedFields;
import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/** time_based and recurring triggers share one schedule config. */
class ScheduleTriggerTest {

    private static RuleDraft schedule(Map<String, Object> config) {
        return aRule().withTrigger("recurring", config).build();
    }

    /** The config as parsed; it must also pass the JSON Schema generated from the parser (GET /meta). */
    private static ScheduleTrigger read(Map<String, Object> config) {
        ScheduleTrigger read = (ScheduleTrigger) RuleDefinition.from(schedule(config)).triggerConfig();
        assertThat(io.ruleworks.domain.fixtures.SchemaChecks.triggerSchemaProblems(TriggerType.RECURRING, config))
                .as("the generated schema accepts %s", config).isEmpty();
        return read;
    }

    @ParameterizedTest
    @ValueSource(strings = {"time_based", "recurring"})
    void a_daily_schedule_in_a_time_zone_is_accepted_by_both_schedule_trigger_types(String type) {
        RuleDefinition definition = RuleDefinition.from(aRule().withTrigger(type,
                Json.object("schedule_type", "daily", "timezone", "Europe/Berlin")).build());

        assertThat(definition.triggerConfig()).isEqualTo(new ScheduleTrigger(ScheduleTrigger.ScheduleType.DAILY,
                Optional.empty(), Optional.empty(), Optional.empty(), ZoneId.of("Europe/Berlin"), Optional.empty(),
                false, ScheduleTrigger.MisfirePolicy.FIRE_ONCE));
    }

    @Test
    void a_schedule_defaults_to_utc_without_skipping_and_fires_missed_runs_once() {
        ScheduleTrigger trigger = read(Json.object("schedule_type", "hourly"));

        assertThat(trigger.timezone()).isEqualTo(ZoneOffset.UTC);
        assertThat(trigger.skipIfRunning()).isFalse();
        assertThat(trigger.misfirePolicy()).isEqualTo(ScheduleTrigger.MisfirePolicy.FIRE_ONCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Z"})
    void utc_written_either_way_is_the_same_zone_as_no_zone(String zone) {
        ScheduleTrigger trigger = read(Json.object("schedule_type", "hourly", "timezone", zone));

        assertThat(trigger.timezone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void a_schedule_keeps_every_setting_it_was_given() {
        ScheduleTrigger trigger = read(Json.object("schedule_type", "custom_cron", "cron_expression", "0 9 * * 1-5",
                "start_date", "2026-04-01T08:00:00+02:00", "end_date", "2026-12-31T23:00:00Z",
                "timezone", "America/New_York", "max_executions", 10, "skip_if_running", true,
                "misfire_policy", "skip"));

        assertThat(trigger).isEqualTo(new ScheduleTrigger(ScheduleTrigger.ScheduleType.CUSTOM_CRON,
                Optional.of("0 9 * * 1-5"), Optional.of(Instant.parse("2026-04-01T06:00:00Z")),
                Optional.of(Instant.parse("2026-12-31T23:00:00Z")), ZoneId.of("America/New_York"), Optional.of(10L),
                true, ScheduleTrigger.MisfirePolicy.SKIP));
    }

    @Test
    void the_schedule_type_is_required() {
        assertThat(messageFor(schedule(Json.object("timezone", "UTC")), "trigger_config.schedule_type"))
                .isEqualTo("is required");
    }

    @Test
    void an_unknown_schedule_type_is_refused() {
        assertThat(violatedFields(schedule(Json.object("schedule_type", "fortnightly"))))
                .containsExactly("trigger_config.schedule_type");
    }

    @Test
    void a_custom_cron_schedule_needs_a_cron_expression() {
        assertThat(messageFor(schedule(Json.object("schedule_type", "custom_cron")), "trigger_config.cron_expression"))
                .isEqualTo("is required when schedule_type is custom_cron");
    }

    @ParameterizedTest
    @ValueSource(strings = {"every monday", "61 * * * *", "* * * *", "0 0 12 * * ?", "* 25 * * *", "*/0 * * * *"})
    void a_cron_expression_that_is_not_five_valid_unix_fields_is_refused(String cron) {
        assertThat(messageFor(schedule(Json.object("schedule_type", "custom_cron", "cron_expression", cron)),
                "trigger_config.cron_expression"))
                .isEqualTo("is not a valid 5-field cron expression (minute hour day-of-month month day-of-week)");
    }

    @Test
    void an_empty_cron_expression_is_refused_once() {
        assertThat(violatedFields(schedule(Json.object("schedule_type", "custom_cron", "cron_expression", ""))))
                .containsExactly("trigger_config.cron_expression");
    }

    @Test
    void a_once_schedule_needs_a_start_date() {
        assertThat(messageFor(schedule(Json.object("schedule_type", "once")), "trigger_config.start_date"))
                .isEqualTo("is required when schedule_type is once");
    }

    @Test
    void a_start_date_without_an_offset_is_refused() {
        assertThat(violatedFields(schedule(Json.object("schedule_type", "once", "start_date", "2026-04-01T08:00:00"))))
                .containsExactly("trigger_config.start_date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-04-01T08:00:00Z", "2026-03-01T08:00:00Z"})
    void an_end_date_not_after_the_start_date_is_refused(String end) {
        RuleDraft draft = schedule(Json.object("schedule_type", "daily", "start_date", "2026-04-01T08:00:00Z",
                "end_date", end));

        assertThat(messageFor(draft, "trigger_config.end_date")).isEqualTo("must be after start_date");
    }

    @Test
    void an_unknown_time_zone_is_refused() {
        assertThat(violatedFields(schedule(Json.object("schedule_type", "daily", "timezone", "Europe/Atlantis"))))
                .containsExactly("trigger_config.timezone");
    }

    @Test
    void max_executions_must_be_at_least_one() {
        assertThat(messageFor(schedule(Json.object("schedule_type", "daily", "max_executions", 0)),
                "trigger_config.max_executions")).isEqualTo("must be between 1 and 2147483647");
    }

    @Test
    void an_unknown_misfire_policy_is_refused() {
        assertThat(violatedFields(schedule(Json.object("schedule_type", "daily", "misfire_policy", "fire_all"))))
                .containsExactly("trigger_config.misfire_policy");
    }

    @Test
    void an_unknown_key_in_a_schedule_is_refused() {
        assertThat(messageFor(schedule(Json.object("schedule_type", "daily", "every", "day")), "trigger_config.every"))
                .isEqualTo("is not a known field");
    }

    @Test
    void its_stored_form_writes_utc_by_name_and_dates_in_utc() {
        ScheduleTrigger trigger = read(Json.object("schedule_type", "once", "start_date", "2026-04-01T08:00:00+02:00"));

        assertThat(trigger.toMap()).isEqualTo(Map.of("schedule_type", "once", "start_date", "2026-04-01T06:00:00Z",
                "timezone", "UTC", "skip_if_running", false, "misfire_policy", "fire_once"));
    }
}
