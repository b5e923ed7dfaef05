package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** How a rule's conditions combine: all hold (and), any holds (or), none holds (not). */
public enum ConditionLogic implements WireEnum {
    AND, OR, NOT
}
