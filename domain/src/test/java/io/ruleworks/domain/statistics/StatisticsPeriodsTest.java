package io.ruleworks.domain.statistics;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatisticsPeriodsTest {

    @Test
    void today_this_week_and_this_month_start_at_utc_midnight_monday_and_the_first() {
        StatisticsPeriods periods = StatisticsPeriods.at(Instant.parse("2026-03-18T10:30:00Z")); // a Wednesday

        assertThat(periods.dayStart()).isEqualTo(Instant.parse("2026-03-18T00:00:00Z"));
        assertThat(periods.weekStart()).isEqualTo(Instant.parse("2026-03-16T00:00:00Z"));
        assertThat(periods.monthStart()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(periods.earliest()).isEqualTo(periods.monthStart());
    }

    @Test
    void a_week_that_began_last_month_is_the_earliest_period() {
        StatisticsPeriods periods = StatisticsPeriods.at(Instant.parse("2026-04-02T23:59:59Z")); // a Thursday

        assertThat(periods.weekStart()).isEqualTo(Instant.parse("2026-03-30T00:00:00Z"));
        assertThat(periods.monthStart()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(periods.earliest()).isEqualTo(periods.weekStart());
    }

    @Test
    void on_monday_at_midnight_the_week_and_the_day_begin_now() {
        Instant monday = Instant.parse("2026-03-16T00:00:00Z");

        StatisticsPeriods periods = StatisticsPeriods.at(monday);

        assertThat(periods.dayStart()).isEqualTo(monday);
        assertThat(periods.weekStart()).isEqualTo(monday);
    }
}
