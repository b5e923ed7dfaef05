package io.ruleworks.domain.access;

import io.ruleworks.domain.shared.DomainException;

import java.util.Map;

/** The request did not prove who it is: no key, an unknown key, or a key that may no longer be used. */
public final class AuthenticationException extends DomainException {

    public static final String CODE = "UNAUTHORIZED";

    public enum Reason {
        MISSING("API key is required (x-api-key header)"),
        UNKNOWN("API key is invalid"),
        INACTIVE("API key is inactive"),
        EXPIRED("API key has expired"),
        USAGE_LIMIT_REACHED("API key has reached its usage limit");

        private final String message;

        Reason(String message) {
            this.message = message;
        }
    }

    private final Reason reason;

    public AuthenticationException(Reason reason) {
        super(CODE, reason.message, Map.of("reason", reason.name().toLowerCase(java.util.Locale.ROOT)));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
