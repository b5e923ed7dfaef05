package io.ruleworks.adapter.in.http.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.error.ErrorResponses;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.access.AuthenticateUseCase;
import io.ruleworks.domain.shared.DomainException;

/**
 * The part of {@link ApiKeyAuthenticationFilter} that may wait for the database: a key not held in
 * memory is read (or, with a usage limit, consumed) on its row, on the blocking executor. Enabled
 * only for an API request that filter left without a caller (and not a signed hook), so that a
 * request it authenticated is not handed to the blocking executor at all.
 */
@ServerFilter(ApiKeyAuthenticationFilter.API_PATTERN)
@Order(ApiKeyAuthenticationFilter.ORDER + 1)
public class ApiKeyLookupFilter implements ConditionalFilter {

    private final AuthenticateUseCase authenticate;

    public ApiKeyLookupFilter(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return request.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE).isEmpty()
                && !ApiKeyAuthenticationFilter.isSignedHook(request);
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        try {
            request.setAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE, authenticate.authenticate(
                    ApiKeyAuthenticationFilter.key(request), ApiKeyAuthenticationFilter.tenant(request)));
            return null;
        } catch (DomainException e) {
            return ErrorResponses.of(e);
        } catch (DependencyUnavailableException e) {
            return ErrorResponses.unavailable(e.dependency());
        }
    }
}
