package io.ruleworks.application.port.out.action;

import io.ruleworks.domain.shared.TenantId;

import java.util.OptionalInt;

/**
 * A call to the PSA did not succeed. Retryable: the PSA failed (5xx), did not answer in time, or
 * could not be reached, or asked to slow down (408, 429). Not retryable: the PSA refused the
 * request (other 4xx, with the PSA's own message), answered something that is not its success
 * envelope, or the tenant has no PSA configured.
 */
public class PsaFailureException extends ActionFailedException {

    public static final String NOT_CONFIGURED = "PSA_NOT_CONFIGURED";
    public static final String PRIORITY_NOT_MAPPED = "PSA_PRIORITY_NOT_MAPPED";
    public static final String REJECTED = "PSA_REJECTED";
    public static final String SERVER_ERROR = "PSA_SERVER_ERROR";
    public static final String TIMEOUT = "PSA_TIMEOUT";
    public static final String UNREACHABLE = "PSA_UNREACHABLE";
    public static final String INVALID_RESPONSE = "PSA_INVALID_RESPONSE";

    private final OptionalInt httpStatus;

    public PsaFailureException(String code, String message, boolean retryable, OptionalInt httpStatus, Throwable cause) {
        super(code, message, retryable, cause);
        this.httpStatus = httpStatus;
    }

    public static PsaFailureException notConfigured(TenantId tenant, String what) {
        return new PsaFailureException(NOT_CONFIGURED, "No PSA is configured for tenant " + tenant + ": " + what,
                false, OptionalInt.empty(), null);
    }

    /** The PSA answered a non-2xx status; {@code psaMessage} is its error message (or body excerpt). */
    public static PsaFailureException answered(int status, String psaMessage) {
        boolean retryable = status >= 500 || status == 408 || status == 429;
        String code = status >= 500 ? SERVER_ERROR : REJECTED;
        return new PsaFailureException(code, "PSA answered HTTP " + status + ": " + psaMessage, retryable,
                OptionalInt.of(status), null);
    }

    /** The HTTP status the PSA answered, when it answered one. */
    public OptionalInt httpStatus() {
        return httpStatus;
    }
}
