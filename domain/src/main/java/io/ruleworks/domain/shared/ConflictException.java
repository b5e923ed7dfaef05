package io.ruleworks.domain.shared;

import java.util.Map;

/** The request is well-formed but conflicts with the current state of a record. */
public final class ConflictException extends DomainException {

    public ConflictException(String code, String message, Map<String, Object> details) {
        super(code, message, details);
    }
}
