package io.ruleworks.adapter.in.http.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.error.ErrorResponses;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.access.AuthenticateUseCase;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.shared.DomainException;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authenticates every API request by its {@code x-api-key} (and optional {@code x-tenant-id})
 * before any route runs; the resolved {@link Caller} travels as a request attribute. The one
 * exception is a POST to an inbound hook, {@code /api/v1/automation/hooks/<rule uuid>}: it proves
 * itself by its signature instead (docs/triggers.md); any other method or shape of that path needs
 * a key like every other route.
 */
@ServerFilter(ApiKeyAuthenticationFilter.API_PATTERN)
public class ApiKeyAuthenticationFilter {

    public static final String API_PATTERN = "/api/**";
    public static final String CALLER_ATTRIBUTE = "ruleworks.caller";
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String TENANT_HEADER = "x-tenant-id";
    private static final Pattern SIGNED_HOOK = Pattern.compile(
            "/api/v1/automation/hooks/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    private final AuthenticateUseCase authenticate;

    public ApiKeyAuthenticationFilter(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (isSignedHook(request)) {
            return null;
        }
        try {
            Caller caller = authenticate.authenticate(
                    Optional.ofNullable(request.getHeaders().get(API_KEY_HEADER)),
                    Optional.ofNullable(request.getHeaders().get(TENANT_HEADER)));
            request.setAttribute(CALLER_ATTRIBUTE, caller);
            return null;
        } catch (DomainException e) {
            return ErrorResponses.of(e);
        } catch (DependencyUnavailableException e) {
            return ErrorResponses.unavailable(e.dependency());
        }
    }

    /** A POST to exactly one rule's hook: the only route that carries no API key. */
    static boolean isSignedHook(HttpRequest<?> request) {
        return "POST".equals(request.getMethodName()) && SIGNED_HOOK.matcher(request.getPath()).matches();
    }
}
