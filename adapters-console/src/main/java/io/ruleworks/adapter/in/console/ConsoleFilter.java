package io.ruleworks.adapter.in.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;

import java.net.URI;
import java.util.Optional;

/**
 * Every console request: resolves the session cookie to a {@link ConsoleSession} (restarting its
 * idle clock), sends a request without a live session to the sign-in page (GET) or refuses it
 * (403, anything else), and gives every response the console's security headers: a
 * Content-Security-Policy that allows only the console's own script and stylesheet (no inline
 * code), no framing, no referrer, no caching.
 */
@ServerFilter({"/console", "/console/**"})
public class ConsoleFilter {

    public static final String SESSION_ATTRIBUTE = "ruleworks.console.session";
    public static final String COOKIE = "rw_console";
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final ConsoleSessions sessions;

    public ConsoleFilter(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> resolve(HttpRequest<?> request) {
        Optional<ConsoleSession> session = request.getCookies().findCookie(COOKIE).map(Cookie::getValue)
                .flatMap(sessions::find);
        session.ifPresent(s -> request.setAttribute(SESSION_ATTRIBUTE, s));
        if (session.isPresent() || isPublic(request)) {
            return null;
        }
        if ("GET".equals(request.getMethodName()) || "HEAD".equals(request.getMethodName())) {
            return HttpResponse.seeOther(URI.create("/console/"));
        }
        return HttpResponse.status(HttpStatus.FORBIDDEN).body("Not signed in");
    }

    @ResponseFilter
    public void headers(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CSP);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which the
        // framework refuses (403) as a cross-origin request to a loopback address
        response.header("Referrer-Policy", "same-origin");
        if (!response.getHeaders().contains("Cache-Control")) {
            response.header("Cache-Control", "no-store");
        }
    }

    private static boolean isPublic(HttpRequest<?> request) {
        String path = request.getPath();
        return path.equals("/console") || path.equals("/console/") || path.startsWith("/console/assets/")
                || (path.equals("/console/sign-in") && "POST".equals(request.getMethodName()));
    }

    public static Optional<ConsoleSession> session(HttpRequest<?> request) {
        return request.getAttribute(SESSION_ATTRIBUTE, ConsoleSession.class);
    }
}
