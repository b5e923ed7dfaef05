package io.ruleworks.adapter.in.http.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the framework's own errors (unknown route, wrong method or media type, oversized or
 * unreadable body, failed conversions, unexpected exceptions) in the contract's envelope. A 5xx
 * never carries the exception's message: no stack traces or SQL reach a client.
 */
@Primary
@Singleton
public class EnvelopeErrorBodyProvider implements JsonErrorResponseBodyProvider<ErrorResponse> {

    @Override
    public ErrorResponse body(ErrorContext context, HttpResponse<?> response) {
        int status = response.code();
        String code = ErrorResponses.codeOf(status);
        Map<String, Object> details = new LinkedHashMap<>();
        String message;
        if (status >= 500) {
            message = "An unexpected error occurred";
        } else {
            message = context.getErrors().stream().map(Error::getMessage).findFirst()
                    .orElse(response.reason());
            context.getErrors().stream().flatMap(e -> e.getPath().stream()).findFirst()
                    .ifPresent(path -> details.put("field", path));
        }
        if (status == 405) {
            details.put("method", context.getRequest().getMethodName());
        }
        return ErrorResponse.of(code, message, details);
    }
}
