package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** How a condition compares its operand. */
public enum DataType implements WireEnum {
    STRING, NUMBER, BOOLEAN, DATE, ARRAY, OBJECT
}
