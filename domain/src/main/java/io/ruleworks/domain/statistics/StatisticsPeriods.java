package io.ruleworks.domain.statistics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The starts of "today", "this week" (ISO: Monday) and "this month" at a moment, all in UTC;
 * each period runs from its start up to now.
 */
public record StatisticsPeriods(Instant now, Instant dayStart, Instant weekStart, Instant monthStart) {

    public static StatisticsPeriods at(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return new StatisticsPeriods(now,
                today.atStartOfDay().toInstant(ZoneOffset.UTC),
                today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay().toInstant(ZoneOffset.UTC),
                today.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** The earliest of the three starts (a week may begin in the previous month). */
    public Instant earliest() {
        return weekStart.isBefore(monthStart) ? weekStart : monthStart;
    }
}
