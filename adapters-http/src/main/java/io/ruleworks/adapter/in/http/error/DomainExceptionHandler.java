package io.ruleworks.adapter.in.http.error;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.ruleworks.domain.shared.DomainException;
import jakarta.inject.Singleton;

/** Every refusal by the domain or a use case: 400, 401, 403, 404 or 409 in the envelope. */
@Produces
@Singleton
@Requires(classes = {DomainException.class, ExceptionHandler.class})
public class DomainExceptionHandler implements ExceptionHandler<DomainException, HttpResponse<ErrorResponse>> {

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, DomainException exception) {
        return ErrorResponses.of(exception);
    }
}
