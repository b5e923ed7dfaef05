package io.ruleworks.domain.execution;

import java.util.Objects;
import java.util.Optional;

/**
 * How one condition was decided, for dry-run traces and execution logs.
 *
 * @param field    the condition's dotted field path
 * @param operator the operator as the contract spells it ({@code greater_than})
 * @param expected the condition's operand; empty for {@code exists} / {@code not_exists}
 * @param actual   the value found at {@code field}; empty when the field is missing or null
 *                 ({@code note} tells which)
 * @param result   whether the condition holds
 * @param note     why a condition did not compare values normally: {@code field missing},
 *                 {@code field is null}, {@code type mismatch: ...}, a limit that was hit, ...
 */
public record ConditionTrace(String field, String operator, Optional<Object> expected, Optional<Object> actual,
                             boolean result, Optional<String> note) {

    public ConditionTrace {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(note, "note");
    }
}
