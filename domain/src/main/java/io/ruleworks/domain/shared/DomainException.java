package io.ruleworks.domain.shared;

import java.util.Map;

/**
 * A rule of the domain was broken. Carries a machine-readable code (the contract's error codes,
 * such as VALIDATION_ERROR or NOT_FOUND) and structured details for the client.
 */
public class DomainException extends RuntimeException {

    private final String code;
    private final Map<String, Object> details;

    public DomainException(String code, String message) {
        this(code, message, Map.of());
    }

    public DomainException(String code, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
