package io.ruleworks.adapter.in.http.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.ruleworks.adapter.in.http.error.ErrorResponses;
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
 *
 * <p>Where it runs: this filter runs on the event loop that read the request and answers what needs
 * no database ({@link AuthenticateUseCase#authenticateWithoutBlocking}): a key held in memory (found
 * in the last cache TTL, without a usage limit — nearly every request) and refusals by the headers
 * alone. What is left, {@link ApiKeyLookupFilter} authenticates on the blocking executor right after.
 * Handing every request to the blocking executor only to read a map cost a thread hand-off each, and
 * under a burst of requests that hand-off was most of an authenticated 404's time in the service
 * (docs/performance.md, issue 15, 2026-12-07 late).
 */
@ServerFilter(ApiKeyAuthenticationFilter.API_PATTERN)
@Order(ApiKeyAuthenticationFilter.ORDER)
public class ApiKeyAuthenticationFilter {

    public static final String API_PATTERN = "/api/**";
    public static final String CALLER_ATTRIBUTE = "ruleworks.caller";
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String TENANT_HEADER = "x-tenant-id";
    /** Before every filter of default order; {@link ApiKeyLookupFilter} right after it. */
    static final int ORDER = -20;
    private static final Pattern SIGNED_HOOK = Pattern.compile(
            "/api/v1/automation/hooks/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    private final AuthenticateUseCase authenticate;

    public ApiKeyAuthenticationFilter(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (isSignedHook(request)) {
            return null;
        }
        try {
            authenticate.authenticateWithoutBlocking(key(request), tenant(request))
                    .ifPresent(caller -> request.setAttribute(CALLER_ATTRIBUTE, caller));
            return null; // without a caller, ApiKeyLookupFilter authenticates it next
        } catch (DomainException e) {
            return ErrorResponses.of(e);
        }
    }

    static Optional<String> key(HttpRequest<?> request) {
        return Optional.ofNullable(request.getHeaders().get(API_KEY_HEADER));
    }

    static Optional<String> tenant(HttpRequest<?> request) {
        return Optional.ofNullable(request.getHeaders().get(TENANT_HEADER));
    }

    /** A POST to exactly one rule's hook: the only route that carries no API key. */
    static boolean isSignedHook(HttpRequest<?> request) {
        return "POST".equals(request.getMethodName()) && SIGNED_HOOK.matcher(request.getPath()).matches();
    }
}
