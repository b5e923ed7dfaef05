package io.ruleworks.application.service.trigger;

import io.ruleworks.application.port.in.trigger.FireSchedulesUseCase;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.application.port.out.trigger.ScheduleStore;
import io.ruleworks.application.port.out.trigger.ScheduleStore.Due;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.ScheduleTrigger;
import io.ruleworks.domain.rule.ScheduleTrigger.MisfirePolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fires time_based and recurring rules. Each tick first recomputes the schedules of rules that
 * changed (a schedule is tied to one version of its rule, so an edit, a deactivation or a
 * reactivation takes effect at the next tick, and a stale schedule never fires), then takes the
 * due schedules with row locks that other instances skip, and for each, in the same transaction,
 * creates the execution and moves the schedule to its next occurrence: an occurrence fires exactly
 * once however many instances tick.
 *
 * <p>An occurrence more than {@code misfireThreshold} late (the service was down) is a misfire:
 * with misfire_policy fire_once the rule fires once now for everything missed, with skip it does
 * not fire; either way the schedule resumes at the first occurrence after now. skip_if_running
 * passes an occurrence while the rule has a pending or running execution. max_executions ends
 * the schedule after that many fires.
 */
public final class ScheduleService implements FireSchedulesUseCase {

    public static final int BATCH = 100;

    private final ScheduleStore schedules;
    private final AutomationRuleRepository rules;
    private final AutomationExecutionRepository executions;
    private final ExecutionQueue queue;
    private final Transactions transactions;
    private final Duration misfireThreshold;
    private final Clock clock;

    public ScheduleService(ScheduleStore schedules, AutomationRuleRepository rules,
                           AutomationExecutionRepository executions, ExecutionQueue queue, Transactions transactions,
                           Duration misfireThreshold, Clock clock) {
        this.schedules = schedules;
        this.rules = rules;
        this.executions = executions;
        this.queue = queue;
        this.transactions = transactions;
        this.misfireThreshold = misfireThreshold;
        this.clock = clock;
    }

    @Override
    public int tick() {
        while (transactions.inTransaction(this::syncBatch) == BATCH) {
            // more changed rules than one batch: keep going
        }
        int fired = 0;
        int handled;
        do {
            int[] counts = transactions.inTransaction(this::fireBatch);
            handled = counts[0];
            fired += counts[1];
        } while (handled == BATCH);
        if (fired > 0) {
            queue.announce();
        }
        return fired;
    }

    private int syncBatch() {
        List<RuleVersion> stale = schedules.stale(BATCH);
        for (RuleVersion version : stale) {
            // Counted from when this version of the rule was saved, not from now: an occurrence that
            // fell while no instance was ticking is then late, and the misfire policy decides.
            Optional<Instant> next = rules.findById(version.tenant(), version.rule())
                    .filter(rule -> rule.updatedAt().equals(version.updatedAt()))
                    .filter(AutomationRule::isActive)
                    .flatMap(rule -> schedule(rule).flatMap(s -> s.nextFireAfter(version.updatedAt())));
            schedules.save(version, next);
        }
        return stale.size();
    }

    /** Returns {handled, fired}. */
    private int[] fireBatch() {
        Instant now = clock.instant();
        List<Due> due = schedules.lockDue(now, BATCH);
        int fired = 0;
        for (Due d : due) {
            Optional<AutomationRule> rule = rules.findById(d.tenant(), d.rule())
                    .filter(r -> r.updatedAt().equals(d.ruleUpdatedAt()));
            Optional<ScheduleTrigger> schedule = rule.filter(AutomationRule::isActive).flatMap(ScheduleService::schedule);
            if (schedule.isEmpty()) {
                schedules.advance(d.tenant(), d.rule(), Optional.empty(), d.fireCount(), now, "rule_not_active");
                continue;
            }
            fired += handle(rule.get(), schedule.get(), d, now) ? 1 : 0;
        }
        return new int[] {due.size(), fired};
    }

    private boolean handle(AutomationRule rule, ScheduleTrigger schedule, Due due, Instant now) {
        boolean misfire = due.nextFireAt().plus(misfireThreshold).isBefore(now);
        Instant resumeAfter = misfire ? now : due.nextFireAt();
        String outcome;
        boolean fire;
        if (misfire && schedule.misfirePolicy() == MisfirePolicy.SKIP) {
            outcome = "misfire_skipped";
            fire = false;
        } else if (schedule.skipIfRunning() && executions.hasInFlightExecutions(rule.tenant(), rule.id())) {
            outcome = "skipped_running";
            fire = false;
        } else {
            outcome = misfire ? "misfire_fired_once" : "fired";
            fire = true;
        }
        long count = due.fireCount() + (fire ? 1 : 0);
        if (fire) {
            createExecution(rule, due, count, misfire, now);
        }
        boolean exhausted = schedule.maxExecutions().map(max -> count >= max).orElse(false);
        Optional<Instant> next = exhausted ? Optional.empty() : schedule.nextFireAfter(resumeAfter);
        schedules.advance(rule.tenant(), rule.id(), next, count, now, outcome);
        return fire;
    }

    private void createExecution(AutomationRule rule, Due due, long occurrence, boolean misfire, Instant now) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("scheduled_for", due.nextFireAt().toString());
        info.put("fired_at", now.toString());
        info.put("occurrence", occurrence);
        info.put("misfire", misfire);
        Trigger trigger = Trigger.of(rule, rule.definition().triggerType()).data(Map.of("schedule", info))
                .detail("schedule", info).build();
        executions.insertUnlessDuplicate(AutomationExecution.triggered(trigger, now), true);
    }

    private static Optional<ScheduleTrigger> schedule(AutomationRule rule) {
        return rule.definition().triggerConfig() instanceof ScheduleTrigger s ? Optional.of(s) : Optional.empty();
    }
}
