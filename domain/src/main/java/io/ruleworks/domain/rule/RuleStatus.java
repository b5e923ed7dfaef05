package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** Lifecycle state of a rule; only an active rule fires by itself. */
public enum RuleStatus implements WireEnum {
    ACTIVE, INACTIVE, DRAFT, ERROR
}
