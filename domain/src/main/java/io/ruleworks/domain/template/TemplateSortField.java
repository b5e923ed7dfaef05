package io.ruleworks.domain.template;

import io.ruleworks.domain.shared.WireEnum;

/** The columns a template list may be sorted by; anything else is refused before a query is built. */
public enum TemplateSortField implements WireEnum {
    CREATED_AT, UPDATED_AT, NAME, CATEGORY, USAGE_COUNT, LAST_USED
}
