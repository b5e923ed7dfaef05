package io.ruleworks.domain.rule;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * The occurrences of a schedule, computed on local wall-clock time in the schedule's zone and then
 * placed on the time line:
 * <ul>
 * <li>A local time that does not exist (the hour skipped when clocks go forward) fires at the
 *     instant the gap ends, i.e. the first valid local time after it. Several occurrences in one
 *     gap fire once.</li>
 * <li>A local time that exists twice (the hour repeated when clocks go back) fires once, at its
 *     first occurrence (the earlier offset).</li>
 * </ul>
 * Occurrences are strictly increasing: none is skipped or doubled across a transition.
 */
final class Occurrences {

    /** Bounds the search for an instant after {@code after} (gaps and overlaps need a few extra steps). */
    private static final int MAX_STEPS = 10_000;

    private final ScheduleTrigger schedule;
    private final ZoneRules rules;
    private final Optional<ExecutionTime> cron;

    Occurrences(ScheduleTrigger schedule, Optional<Cron> cron) {
        this.schedule = schedule;
        this.rules = schedule.timezone().getRules();
        this.cron = cron.map(ExecutionTime::forCron);
    }

    /** The first occurrence strictly after {@code after}, within start_date and end_date. */
    Optional<Instant> nextAfter(Instant after) {
        Instant floor = schedule.startDate().filter(start -> start.isAfter(after))
                .map(start -> start.minusNanos(1)).orElse(after);
        if (schedule.scheduleType() == ScheduleTrigger.ScheduleType.ONCE) {
            return schedule.startDate().filter(start -> start.isAfter(after)).flatMap(this::withinEnd);
        }
        LocalDateTime cursor = LocalDateTime.ofInstant(floor, schedule.timezone());
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<LocalDateTime> local = nextLocal(cursor);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            Instant instant = place(local.get());
            if (instant.isAfter(floor)) {
                return withinEnd(instant);
            }
            cursor = local.get();
        }
        return Optional.empty();
    }

    private Optional<Instant> withinEnd(Instant instant) {
        return schedule.endDate().filter(end -> instant.isAfter(end)).isPresent() ? Optional.empty()
                : Optional.of(instant);
    }

    /** Puts a local time on the time line: gaps move to their end, overlaps take the earlier offset. */
    private Instant place(LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.getFirst());
    }

    /** The anchor the fixed schedule types repeat: start_date in the zone, else midnight of 1 January 2000. */
    private LocalDateTime anchor() {
        return schedule.startDate().map(s -> LocalDateTime.ofInstant(s, schedule.timezone()))
                .orElse(LocalDateTime.of(2000, Month.JANUARY, 1, 0, 0));
    }

    /** The first local time strictly after {@code cursor} that the schedule names. */
    private Optional<LocalDateTime> nextLocal(LocalDateTime cursor) {
        LocalDateTime anchor = anchor();
        LocalTime time = anchor.toLocalTime();
        return switch (schedule.scheduleType()) {
            case HOURLY -> {
                LocalDateTime candidate = cursor.truncatedTo(ChronoUnit.HOURS).withMinute(anchor.getMinute())
                        .withSecond(anchor.getSecond()).withNano(anchor.getNano());
                yield Optional.of(candidate.isAfter(cursor) ? candidate : candidate.plusHours(1));
            }
            case DAILY -> {
                LocalDateTime candidate = cursor.toLocalDate().atTime(time);
                yield Optional.of(candidate.isAfter(cursor) ? candidate : candidate.plusDays(1));
            }
            case WEEKLY -> {
                DayOfWeek day = schedule.startDate().isPresent() ? anchor.getDayOfWeek() : DayOfWeek.MONDAY;
                LocalDateTime candidate = cursor.toLocalDate().with(TemporalAdjusters.nextOrSame(day)).atTime(time);
                yield Optional.of(candidate.isAfter(cursor) ? candidate : candidate.plusWeeks(1));
            }
            case MONTHLY -> {
                LocalDate month = cursor.toLocalDate().withDayOfMonth(1);
                LocalDateTime candidate = onDay(month, anchor.getDayOfMonth()).atTime(time);
                yield Optional.of(candidate.isAfter(cursor) ? candidate
                        : onDay(month.plusMonths(1), anchor.getDayOfMonth()).atTime(time));
            }
            case YEARLY -> {
                LocalDateTime candidate = inYear(cursor.getYear(), anchor).atTime(time);
                yield Optional.of(candidate.isAfter(cursor) ? candidate : inYear(cursor.getYear() + 1, anchor).atTime(time));
            }
            case CUSTOM_CRON -> cron.orElseThrow()
                    .nextExecution(ZonedDateTime.of(cursor, ZoneOffset.UTC))
                    .map(ZonedDateTime::toLocalDateTime);
            case ONCE -> Optional.empty();
        };
    }

    /** The day of the month, or the month's last day when it is shorter (31 -> 30 April, 28/29 February). */
    private static LocalDate onDay(LocalDate firstOfMonth, int day) {
        return firstOfMonth.withDayOfMonth(Math.min(day, firstOfMonth.lengthOfMonth()));
    }

    /** The anchor's month and day in {@code year}; 29 February becomes 28 February in other years. */
    private static LocalDate inYear(int year, LocalDateTime anchor) {
        LocalDate first = LocalDate.of(year, anchor.getMonth(), 1);
        return onDay(first, anchor.getDayOfMonth());
    }
}
