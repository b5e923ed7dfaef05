package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/** When schedules fire, on the time line of their zone, across DST transitions. */
class ScheduleOccurrencesTest {

    static ScheduleTrigger schedule(Object... config) {
        return (ScheduleTrigger) RuleDefinition.from(aRule().withTrigger("recurring", Json.object(config)).build())
                .triggerConfig();
    }

    static List<Instant> occurrences(ScheduleTrigger schedule, Instant from, int count) {
        List<Instant> out = new ArrayList<>();
        Instant cursor = from;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = schedule.nextFireAfter(cursor);
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
            cursor = next.get();
        }
        return out;
    }

    private static Instant at(String zonedDateTime) {
        return ZonedDateTime.parse(zonedDateTime).toInstant();
    }

    @Nested
    class FixedTypes {

        @Test
        void daily_fires_at_the_start_dates_local_time_each_day() {
            ScheduleTrigger daily = schedule("schedule_type", "daily", "timezone", "Europe/Berlin",
                    "start_date", "2026-06-01T07:30:00Z");

            assertThat(occurrences(daily, Instant.parse("2026-06-02T12:00:00Z"), 2))
                    .containsExactly(Instant.parse("2026-06-03T07:30:00Z"), Instant.parse("2026-06-04T07:30:00Z"));
        }

        @Test
        void nothing_fires_before_the_start_date_and_the_start_date_itself_fires() {
            ScheduleTrigger daily = schedule("schedule_type", "daily", "start_date", "2026-06-01T07:30:00Z");

            assertThat(daily.nextFireAfter(Instant.parse("2026-01-01T00:00:00Z")))
                    .contains(Instant.parse("2026-06-01T07:30:00Z"));
        }

        @Test
        void hourly_without_a_start_date_fires_on_the_hour() {
            ScheduleTrigger hourly = schedule("schedule_type", "hourly");

            assertThat(occurrences(hourly, Instant.parse("2026-06-01T10:00:00Z"), 2))
                    .containsExactly(Instant.parse("2026-06-01T11:00:00Z"), Instant.parse("2026-06-01T12:00:00Z"));
        }

        @Test
        void weekly_fires_on_the_start_dates_weekday() {
            ScheduleTrigger weekly = schedule("schedule_type", "weekly", "start_date", "2026-06-03T09:00:00Z");

            assertThat(occurrences(weekly, Instant.parse("2026-06-03T09:00:00Z"), 2))
                    .containsExactly(Instant.parse("2026-06-10T09:00:00Z"), Instant.parse("2026-06-17T09:00:00Z"));
        }

        @Test
        void monthly_on_the_31st_fires_on_the_last_day_of_shorter_months() {
            ScheduleTrigger monthly = schedule("schedule_type", "monthly", "start_date", "2026-01-31T08:00:00Z");

            assertThat(occurrences(monthly, Instant.parse("2026-01-31T08:00:00Z"), 3)).containsExactly(
                    Instant.parse("2026-02-28T08:00:00Z"), Instant.parse("2026-03-31T08:00:00Z"),
                    Instant.parse("2026-04-30T08:00:00Z"));
        }

        @Test
        void yearly_on_29_february_fires_on_28_february_in_other_years() {
            ScheduleTrigger yearly = schedule("schedule_type", "yearly", "start_date", "2028-02-29T00:00:00Z");

            assertThat(occurrences(yearly, Instant.parse("2028-02-29T00:00:00Z"), 1))
                    .containsExactly(Instant.parse("2029-02-28T00:00:00Z"));
        }

        @Test
        void once_fires_at_its_start_date_and_never_again() {
            ScheduleTrigger once = schedule("schedule_type", "once", "start_date", "2026-06-01T07:30:00Z");

            assertThat(once.nextFireAfter(Instant.parse("2026-05-01T00:00:00Z")))
                    .contains(Instant.parse("2026-06-01T07:30:00Z"));
            assertThat(once.nextFireAfter(Instant.parse("2026-06-01T07:30:00Z"))).isEmpty();
        }

        @Test
        void nothing_fires_after_the_end_date() {
            ScheduleTrigger daily = schedule("schedule_type", "daily", "start_date", "2026-06-01T07:30:00Z",
                    "end_date", "2026-06-02T08:00:00Z");

            assertThat(occurrences(daily, Instant.parse("2026-05-01T00:00:00Z"), 5)).containsExactly(
                    Instant.parse("2026-06-01T07:30:00Z"), Instant.parse("2026-06-02T07:30:00Z"));
        }

        @Test
        void custom_cron_is_read_in_the_schedules_zone() {
            ScheduleTrigger cron = schedule("schedule_type", "custom_cron", "cron_expression", "0 9 * * 1-5",
                    "timezone", "America/New_York");

            assertThat(occurrences(cron, Instant.parse("2026-06-05T14:00:00Z"), 2)).containsExactly(
                    at("2026-06-08T09:00:00-04:00[America/New_York]"), at("2026-06-09T09:00:00-04:00[America/New_York]"));
        }
    }

    @Nested
    class DaylightSavingTime {

        @Test
        void a_daily_time_inside_the_spring_gap_in_berlin_fires_when_the_gap_ends() {
            // 29 March 2026: 02:00 CET -> 03:00 CEST; 02:30 does not exist that day.
            ScheduleTrigger daily = schedule("schedule_type", "daily", "timezone", "Europe/Berlin",
                    "start_date", "2026-03-01T01:30:00Z");

            assertThat(occurrences(daily, at("2026-03-28T12:00:00+01:00[Europe/Berlin]"), 3)).containsExactly(
                    at("2026-03-29T03:00:00+02:00[Europe/Berlin]"),
                    at("2026-03-30T02:30:00+02:00[Europe/Berlin]"),
                    at("2026-03-31T02:30:00+02:00[Europe/Berlin]"));
        }

        @Test
        void a_daily_time_inside_the_repeated_autumn_hour_in_berlin_fires_once_at_its_first_occurrence() {
            // 25 October 2026: 03:00 CEST -> 02:00 CET; 02:30 happens twice.
            ScheduleTrigger daily = schedule("schedule_type", "daily", "timezone", "Europe/Berlin",
                    "start_date", "2026-03-01T01:30:00Z");

            assertThat(occurrences(daily, at("2026-10-24T12:00:00+02:00[Europe/Berlin]"), 2)).containsExactly(
                    at("2026-10-25T02:30:00+02:00[Europe/Berlin]"),
                    at("2026-10-26T02:30:00+01:00[Europe/Berlin]"));
        }

        @Test
        void every_fifteen_minutes_through_the_new_york_spring_gap_fires_once_at_its_end_and_never_goes_back() {
            // 8 March 2026: 02:00 EST -> 03:00 EDT.
            ScheduleTrigger cron = schedule("schedule_type", "custom_cron", "cron_expression", "*/15 * * * *",
                    "timezone", "America/New_York");

            assertThat(occurrences(cron, at("2026-03-08T01:30:00-05:00[America/New_York]"), 4)).containsExactly(
                    at("2026-03-08T01:45:00-05:00[America/New_York]"),
                    at("2026-03-08T03:00:00-04:00[America/New_York]"),
                    at("2026-03-08T03:15:00-04:00[America/New_York]"),
                    at("2026-03-08T03:30:00-04:00[America/New_York]"));
        }

        @Test
        void every_fifteen_minutes_through_the_new_york_autumn_overlap_does_not_repeat_the_hour() {
            // 1 November 2026: 02:00 EDT -> 01:00 EST; 01:00-01:59 happens twice.
            ScheduleTrigger cron = schedule("schedule_type", "custom_cron", "cron_expression", "*/15 * * * *",
                    "timezone", "America/New_York");

            assertThat(occurrences(cron, at("2026-11-01T01:30:00-04:00[America/New_York]"), 3)).containsExactly(
                    at("2026-11-01T01:45:00-04:00[America/New_York]"),
                    at("2026-11-01T02:00:00-05:00[America/New_York]"),
                    at("2026-11-01T02:15:00-05:00[America/New_York]"));
        }

        @Test
        void asked_from_inside_the_second_pass_of_the_repeated_hour_the_next_fire_is_after_it() {
            ScheduleTrigger cron = schedule("schedule_type", "custom_cron", "cron_expression", "*/15 * * * *",
                    "timezone", "America/New_York");

            assertThat(cron.nextFireAfter(at("2026-11-01T01:20:00-05:00[America/New_York]")))
                    .contains(at("2026-11-01T02:00:00-05:00[America/New_York]"));
        }
    }

    static ZoneId zone(String id) {
        return ZoneId.of(id);
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
