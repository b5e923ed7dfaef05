package io.ruleworks.adapter.in.http.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.ruleworks.adapter.in.http.error.ErrorResponses;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.access.AuthenticateUseCase;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.shared.DomainException;
import jakarta.inject.Named;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Authenticates every API request by its {@code x-api-key} (and optional {@code x-tenant-id})
 * before any route runs; the resolved {@link Caller} travels as a request attribute. The one
 * exception is a POST to an inbound hook, {@code /api/v1/automation/hooks/<rule uuid>}: it proves
 * itself by its signature instead (docs/triggers.md); any other method or shape of that path needs
 * a key like every other route.
 *
 * <p>Where it runs: on the event loop that read the request, as far as no database is needed
 * ({@link AuthenticateUseCase#authenticateWithoutBlocking}): a key held in memory (found in the last
 * cache TTL, without a usage limit — nearly every request) and refusals by the headers alone are
 * decided there, and the stage it returns is already complete. Only a key that must be read or
 * consumed on its row is authenticated on the blocking executor (one virtual thread, the stage
 * completes there). Handing every request to the blocking executor only to read a map was a thread
 * hand-off each, most of an authenticated 404's time in the service under a burst
 * (docs/performance.md, issue 15). Each request is authenticated, and its key's use counted, once:
 * by one path or the other.
 *
 * <p>The stage holds {@link Optional#empty()} to let the request through, or the refusal to answer
 * instead: Micronaut proceeds on an empty {@code Optional} (a stage completed with {@code null} is
 * taken as a missing response, an error).
 */
@ServerFilter(ApiKeyAuthenticationFilter.API_PATTERN)
public class ApiKeyAuthenticationFilter {

    public static final String API_PATTERN = "/api/**";
    public static final String CALLER_ATTRIBUTE = "ruleworks.caller";
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String TENANT_HEADER = "x-tenant-id";
    private static final Pattern SIGNED_HOOK = Pattern.compile(
            "/api/v1/automation/hooks/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final CompletionStage<Optional<HttpResponse<?>>> PROCEED =
            CompletableFuture.completedFuture(Optional.empty());

    private final AuthenticateUseCase authenticate;
    private final ExecutorService blocking;

    public ApiKeyAuthenticationFilter(AuthenticateUseCase authenticate, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.authenticate = authenticate;
        this.blocking = blocking;
    }

    @RequestFilter
    public CompletionStage<Optional<HttpResponse<?>>> authenticate(HttpRequest<?> request) {
        if (isSignedHook(request)) {
            return PROCEED;
        }
        Optional<String> key = Optional.ofNullable(request.getHeaders().get(API_KEY_HEADER));
        Optional<String> tenant = Optional.ofNullable(request.getHeaders().get(TENANT_HEADER));
        Optional<Caller> held;
        try {
            held = authenticate.authenticateWithoutBlocking(key, tenant);
        } catch (DomainException e) {
            return CompletableFuture.completedFuture(Optional.of(ErrorResponses.of(e)));
        }
        if (held.isPresent()) {
            request.setAttribute(CALLER_ATTRIBUTE, held.get());
            return PROCEED;
        }
        return CompletableFuture.supplyAsync(() -> authenticateBlocking(request, key, tenant), blocking);
    }

    private Optional<HttpResponse<?>> authenticateBlocking(HttpRequest<?> request, Optional<String> key,
                                                           Optional<String> tenant) {
        try {
            request.setAttribute(CALLER_ATTRIBUTE, authenticate.authenticate(key, tenant));
            return Optional.empty();
        } catch (DomainException e) {
            return Optional.of(ErrorResponses.of(e));
        } catch (DependencyUnavailableException e) {
            return Optional.of(ErrorResponses.unavailable(e.dependency()));
        }
    }

    /** A POST to exactly one rule's hook: the only route that carries no API key. */
    static boolean isSignedHook(HttpRequest<?> request) {
        return "POST".equals(request.getMethodName()) && SIGNED_HOOK.matcher(request.getPath()).matches();
    }
}
