package io.ruleworks.domain.shared;

import java.util.Objects;

/** One offending input: the field path as the client wrote it (e.g. {@code actions[1].config.url}) and why. */
public record FieldViolation(String field, String message) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
