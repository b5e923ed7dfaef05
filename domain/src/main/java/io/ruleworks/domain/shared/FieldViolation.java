package io.ruleworks.domain.shared;

import java.util.Objects;

/**
 * One offending input: the field path as the client wrote it (e.g. {@code actions[1].config.url}),
 * why, and the kind of problem as a zod issue code (what Alga PSA's validation reports):
 * {@code invalid_type}, {@code unrecognized_keys}, {@code invalid_enum_value}, {@code too_small},
 * {@code too_big}, {@code invalid_string}, or {@code custom} for the checks of this service's own.
 */
public record FieldViolation(String field, String message, String code) {

    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(code, "code");
    }

    /** A violation whose code follows from its message: missing is invalid_type, unknown is unrecognized_keys, else custom. */
    public FieldViolation(String field, String message) {
        this(field, message, codeOf(message));
    }

    private static String codeOf(String message) {
        if (message.equals("is required")) {
            return "invalid_type";
        }
        return message.startsWith("is not a known field") ? "unrecognized_keys" : "custom";
    }
}
