package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** The columns a rule list may be sorted by; anything else is refused before a query is built. */
public enum RuleSortField implements WireEnum {
    CREATED_AT, UPDATED_AT, NAME, STATUS, PRIORITY, TRIGGER_TYPE, LAST_EXECUTED, EXECUTION_COUNT
}
