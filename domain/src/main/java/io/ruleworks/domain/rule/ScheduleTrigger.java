package io.ruleworks.domain.rule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * time_based and recurring triggers: a schedule in an IANA time zone, anchored at start_date,
 * bounded by end_date and max_executions.
 */
public record ScheduleTrigger(ScheduleType scheduleType, Optional<String> cronExpression, Optional<Instant> startDate,
                              Optional<Instant> endDate, ZoneId timezone, Optional<Long> maxExecutions,
                              boolean skipIfRunning, MisfirePolicy misfirePolicy) implements TriggerConfig {

    private static final CronParser UNIX_CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public enum ScheduleType implements WireEnum { ONCE, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY, CUSTOM_CRON }

    /** What to do with occurrences missed while no instance was running. */
    public enum MisfirePolicy implements WireEnum { FIRE_ONCE, SKIP }

    static Optional<TriggerConfig> parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        Optional<ScheduleType> type = r.requiredOneOf("schedule_type", WireEnum.values(ScheduleType.class))
                .map(t -> WireEnum.require(ScheduleType.class, t));
        Optional<String> cron = r.string("cron_expression", 1, 200);
        Optional<Instant> start = r.instant("start_date");
        Optional<Instant> end = r.instant("end_date");
        // UTC has one canonical form (ZoneOffset.UTC, written "UTC"), so "UTC", "Z" and an absent
        // timezone all read back equal after toMap().
        ZoneId zone = r.zone("timezone").map(z -> z.getId().equals("UTC") ? ZoneOffset.UTC : z).orElse(ZoneOffset.UTC);
        Optional<Long> max = r.integer("max_executions", 1, Integer.MAX_VALUE);
        boolean skip = r.bool("skip_if_running").orElse(false);
        MisfirePolicy misfire = r.oneOf("misfire_policy", WireEnum.values(MisfirePolicy.class))
                .map(m -> WireEnum.require(MisfirePolicy.class, m)).orElse(MisfirePolicy.FIRE_ONCE);
        r.rejectUnknownKeys();

        if (type.isPresent() && type.get() == ScheduleType.CUSTOM_CRON && cron.isEmpty() && !r.has("cron_expression")) {
            r.violation("cron_expression", "is required when schedule_type is custom_cron");
        }
        if (cron.isPresent()) {
            try {
                UNIX_CRON.parse(cron.get()).validate();
            } catch (IllegalArgumentException e) {
                r.violation("cron_expression", "is not a valid 5-field cron expression (minute hour day-of-month month day-of-week)");
                cron = Optional.empty();
            }
        }
        if (type.isPresent() && type.get() == ScheduleType.ONCE && start.isEmpty() && !r.has("start_date")) {
            r.violation("start_date", "is required when schedule_type is once");
        }
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            r.violation("end_date", "must be after start_date");
        }
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleTrigger(type.get(), cron, start, end, zone, max, skip, misfire));
    }

    /**
     * The first occurrence strictly after {@code after}, or empty when the schedule has none left
     * (a once schedule that has passed, end_date reached). max_executions is the caller's count to
     * keep. Local times that fall into a DST gap fire when the gap ends; a repeated local hour fires
     * once, at its first occurrence.
     */
    public Optional<Instant> nextFireAfter(Instant after) {
        return new Occurrences(this, cronExpression.map(UNIX_CRON::parse)).nextAfter(after);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("schedule_type", scheduleType.wire());
        cronExpression.ifPresent(c -> map.put("cron_expression", c));
        startDate.ifPresent(s -> map.put("start_date", s.toString()));
        endDate.ifPresent(e -> map.put("end_date", e.toString()));
        map.put("timezone", timezone.getId().equals("Z") ? "UTC" : timezone.getId());
        maxExecutions.ifPresent(m -> map.put("max_executions", m));
        map.put("skip_if_running", skipIfRunning);
        map.put("misfire_policy", misfirePolicy.wire());
        return map;
    }
}
