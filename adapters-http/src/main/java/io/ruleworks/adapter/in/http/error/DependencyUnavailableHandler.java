package io.ruleworks.adapter.in.http.error;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.ruleworks.application.port.DependencyUnavailableException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The database or a broker is down: 503 with Retry-After; the pool reconnects by itself when it is back. */
@Produces
@Singleton
@Requires(classes = {DependencyUnavailableException.class, ExceptionHandler.class})
public class DependencyUnavailableHandler
        implements ExceptionHandler<DependencyUnavailableException, HttpResponse<ErrorResponse>> {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyUnavailableHandler.class);

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, DependencyUnavailableException exception) {
        LOG.warn("{} unavailable for {} {}: {}", exception.dependency(), request.getMethodName(), request.getPath(),
                exception.getCause() == null ? exception.getMessage() : exception.getCause().getMessage());
        return ErrorResponses.unavailable(exception.dependency());
    }
}
