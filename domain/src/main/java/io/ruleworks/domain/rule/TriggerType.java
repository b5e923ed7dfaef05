package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** What starts a rule. */
public enum TriggerType implements WireEnum {
    TIME_BASED, EVENT_BASED, CONDITION_BASED, MANUAL, RECURRING, WEBHOOK
}
