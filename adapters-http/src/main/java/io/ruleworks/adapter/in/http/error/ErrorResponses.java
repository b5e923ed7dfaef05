package io.ruleworks.adapter.in.http.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.ruleworks.domain.access.AuthenticationException;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.hook.HookRejectedException;
import io.ruleworks.domain.rule.ActionTypeDisabledException;
import io.ruleworks.domain.shared.ConflictException;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.ValidationException;

import java.util.Map;

/** Maps failures to HTTP statuses and the envelope's codes, in one place. */
public final class ErrorResponses {

    public static final String RETRY_AFTER_SECONDS = "5";

    private ErrorResponses() {
    }

    public static MutableHttpResponse<ErrorResponse> of(HttpStatus status, String code, String message,
                                                        Map<String, Object> details) {
        return HttpResponse.<ErrorResponse>status(status).body(ErrorResponse.of(code, message, details));
    }

    public static MutableHttpResponse<ErrorResponse> of(DomainException e) {
        return of(statusOf(e), e.code(), e.getMessage(), e.details());
    }

    public static MutableHttpResponse<ErrorResponse> unavailable(String dependency) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                "A dependency is temporarily unavailable; retry shortly", Map.of("dependency", dependency))
                .header("Retry-After", RETRY_AFTER_SECONDS);
    }

    static HttpStatus statusOf(DomainException e) {
        return switch (e) {
            case ValidationException v -> HttpStatus.BAD_REQUEST;
            case ActionTypeDisabledException d -> HttpStatus.BAD_REQUEST;
            case NotFoundException n -> HttpStatus.NOT_FOUND;
            case AuthenticationException a -> HttpStatus.UNAUTHORIZED;
            case PermissionDeniedException p -> HttpStatus.FORBIDDEN;
            case ConflictException c -> HttpStatus.CONFLICT;
            case HookRejectedException h -> switch (h.kind()) {
                case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case REPLAYED -> HttpStatus.CONFLICT;
                case MALFORMED -> HttpStatus.BAD_REQUEST;
            };
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    /** The envelope code for a status that the framework produced (unknown route, wrong method...). */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> ValidationException.CODE;
            case 401 -> AuthenticationException.CODE;
            case 403 -> PermissionDeniedException.CODE;
            case 404 -> NotFoundException.CODE;
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }
}
