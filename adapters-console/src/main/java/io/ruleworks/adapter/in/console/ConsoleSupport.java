package io.ruleworks.adapter.in.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.ruleworks.adapter.in.console.view.Frame;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.ValidationException;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What every console controller shares: the session, the page frame, the guard of forms, error pages. */
@Singleton
public class ConsoleSupport {

    /**
     * How far the console counts the executions a list matches before it says "10,000+": counting a
     * long history exactly is the slowest part of a page (docs/performance.md, "Operator console").
     */
    public static final int COUNT_CAP = 10_000;

    private final ConsolePages pages;

    public ConsoleSupport(ConsolePages pages) {
        this.pages = pages;
    }

    /** The request's session; the filter has let only signed-in requests through to here. */
    public ConsoleSession session(HttpRequest<?> request) {
        return ConsoleFilter.session(request)
                .orElseThrow(() -> new ConsoleRefusal(HttpStatus.FORBIDDEN, "Not signed in"));
    }

    public Frame frame(ConsoleSession session, String title, String section) {
        String permissions = session.caller().permissions().stream().sorted(Comparator.naturalOrder())
                .map(p -> p.wire().substring("automation:".length())).collect(Collectors.joining(", "));
        return new Frame(title, section, true, session.csrfToken(),
                "key " + session.caller().keyId().toString().substring(0, 8) + " (" + permissions + ")");
    }

    /**
     * A state-changing form: the session's CSRF token must come with it (403 otherwise), and the
     * session's key must hold {@code permission} (403 otherwise) before anything is read or done.
     */
    public ConsoleSession guard(HttpRequest<?> request, Form form, Permission permission) {
        ConsoleSession session = session(request);
        if (!ConsoleSessions.csrfMatches(session, form.get(Form.CSRF_FIELD).orElse(null))) {
            throw new ConsoleRefusal(HttpStatus.FORBIDDEN, "The form's security token is missing or stale: reload the page and try again.");
        }
        if (!session.may(permission)) {
            throw new ConsoleRefusal(HttpStatus.FORBIDDEN, "This API key lacks the permission " + permission.wire() + ".");
        }
        return session;
    }

    /** A validation failure as one line: every field with its problem. */
    public static String describe(ValidationException v) {
        return v.violations().stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    }

    public Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            params.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    /** The error page for anything a console route throws; never a stack trace. */
    public MutableHttpResponse<String> error(HttpRequest<?> request, Throwable e) {
        HttpStatus status;
        String message;
        if (e instanceof ConsoleRefusal r) {
            status = r.status();
            message = r.getMessage();
        } else if (e instanceof NotFoundException) {
            status = HttpStatus.NOT_FOUND;
            message = e.getMessage();
        } else if (e instanceof PermissionDeniedException) {
            status = HttpStatus.FORBIDDEN;
            message = e.getMessage();
        } else if (e instanceof ValidationException v) {
            status = HttpStatus.BAD_REQUEST;
            message = describe(v);
        } else if (e instanceof DomainException d) {
            status = HttpStatus.BAD_REQUEST;
            message = d.getMessage();
        } else if (e instanceof DependencyUnavailableException) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            message = "The database is not reachable right now; try again in a few seconds.";
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            message = "Something went wrong on the server.";
        }
        Frame frame = ConsoleFilter.session(request).map(s -> frame(s, "Error", ""))
                .orElse(Frame.anonymous("Error"));
        return pages.page(status, "error", params("frame", frame, "status", status.getCode(), "message", message));
    }
}
