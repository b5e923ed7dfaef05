package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.Violations;

import java.util.Map;
import java.util.Optional;

/**
 * The typed configuration of a rule's trigger, one record per trigger type. {@link #toMap()}
 * is the canonical stored and returned form: snake_case keys with defaults applied.
 */
public sealed interface TriggerConfig permits ScheduleTrigger, EventTrigger, ConditionTrigger, WebhookTrigger, ManualTrigger {

    Map<String, Object> toMap();

    /** Parses {@code raw} as the configuration of {@code type}; problems are recorded under {@code path}. */
    static Optional<TriggerConfig> parse(TriggerType type, Map<String, Object> raw, String path, Violations violations) {
        return switch (type) {
            case TIME_BASED, RECURRING -> ScheduleTrigger.parse(raw, path, violations);
            case EVENT_BASED -> EventTrigger.parse(raw, path, violations);
            case CONDITION_BASED -> ConditionTrigger.parse(raw, path, violations);
            case WEBHOOK -> WebhookTrigger.parse(raw, path, violations);
            case MANUAL -> ManualTrigger.parse(raw, path, violations);
        };
    }
}
