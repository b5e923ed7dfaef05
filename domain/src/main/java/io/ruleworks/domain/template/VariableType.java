package io.ruleworks.domain.template;

import io.ruleworks.domain.shared.WireEnum;

/** What a template variable accepts. */
public enum VariableType implements WireEnum {
    STRING, NUMBER, BOOLEAN, DATE, SELECT, MULTISELECT
}
