package io.ruleworks.application.port.out.rule;

import io.ruleworks.application.port.out.trigger.ConditionPollStore;
import io.ruleworks.application.port.out.trigger.ScheduleStore;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;

/**
 * A rule at a given version (its updated_at): what the trigger state tables that follow rule
 * versions — schedules ({@link ScheduleStore}) and condition polls ({@link ConditionPollStore}) —
 * are computed for.
 */
public record RuleVersion(TenantId tenant, RuleId rule, Instant updatedAt) {
}
