package io.ruleworks.adapter.in.http.error;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Answers every framework error in the JSON envelope, whatever the request's Accept header says.
 * Micronaut's default processor switches to an HTML error page when a client (a browser) accepts
 * text/html; this service speaks only JSON. Replaces that default, which is only created when no
 * other ErrorResponseProcessor exists.
 */
@Singleton
public class EnvelopeErrorResponseProcessor implements ErrorResponseProcessor<ErrorResponse> {

    private final EnvelopeErrorBodyProvider bodies;

    public EnvelopeErrorResponseProcessor(EnvelopeErrorBodyProvider bodies) {
        this.bodies = bodies;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ErrorResponse> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<ErrorResponse>) response;
        }
        return response.body(bodies.body(context, response)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
