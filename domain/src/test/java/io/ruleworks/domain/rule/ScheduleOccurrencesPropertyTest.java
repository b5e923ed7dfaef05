package io.ruleworks.domain.rule;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ruleworks.domain.rule.ScheduleOccurrencesTest.occurrences;
import static io.ruleworks.domain.rule.ScheduleOccurrencesTest.schedule;
import static org.assertj.core.api.Assertions.assertThat;

/** Across a whole year in zones with DST, no occurrence is skipped or doubled. */
class ScheduleOccurrencesPropertyTest {

    private static final Instant YEAR_START = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata",
                "America/Santiago", "Pacific/Chatham");
    }

    @Property(tries = 60)
    void a_daily_schedule_fires_exactly_once_on_every_local_day_of_the_year(
            @ForAll("zones") String zoneId, @ForAll @IntRange(min = 0, max = 23) int hour,
            @ForAll @IntRange(min = 0, max = 59) int minute) {
        ZoneId zone = ZoneId.of(zoneId);
        Instant anchor = ZonedDateTime.of(2025, 12, 1, hour, minute, 0, 0, zone).toInstant();
        ScheduleTrigger daily = schedule("schedule_type", "daily", "timezone", zoneId, "start_date", anchor.toString());

        List<Instant> fires = occurrences(daily, YEAR_START, 365);

        assertThat(fires).hasSize(365).isSorted().doesNotHaveDuplicates();
        Set<LocalDate> days = new HashSet<>();
        fires.forEach(f -> days.add(LocalDate.ofInstant(f, zone)));
        assertThat(days).as("one fire per local day").hasSize(365);
    }

    @Property(tries = 12)
    void hourly_and_cron_occurrences_are_strictly_increasing_and_spaced_by_at_most_the_period_plus_a_dst_shift(
            @ForAll("zones") String zoneId, @ForAll @IntRange(min = 0, max = 59) int minute) {
        ScheduleTrigger hourly = schedule("schedule_type", "custom_cron", "cron_expression", minute + " * * * *",
                "timezone", zoneId);

        List<Instant> fires = occurrences(hourly, YEAR_START, 24 * 365);

        assertThat(fires).hasSize(24 * 365).isSorted().doesNotHaveDuplicates();
        for (int i = 1; i < fires.size(); i++) {
            long gapMinutes = (fires.get(i).getEpochSecond() - fires.get(i - 1).getEpochSecond()) / 60;
            assertThat(gapMinutes).as("gap before %s", fires.get(i)).isBetween(1L, 120L);
        }
    }
}
