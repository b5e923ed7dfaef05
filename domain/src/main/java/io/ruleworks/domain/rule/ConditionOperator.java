package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** The fifteen comparison operators of a condition. */
public enum ConditionOperator implements WireEnum {
    EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN_OR_EQUAL, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH, IN, NOT_IN, EXISTS, NOT_EXISTS, REGEX_MATCH
}
