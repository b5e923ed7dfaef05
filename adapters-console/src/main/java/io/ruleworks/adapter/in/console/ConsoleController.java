package io.ruleworks.adapter.in.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.console.view.Chart;
import io.ruleworks.adapter.in.console.view.Frame;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.access.AuthenticateUseCase;
import io.ruleworks.application.port.in.execution.ListExecutionsUseCase;
import io.ruleworks.application.port.in.rule.ListRulesUseCase;
import io.ruleworks.application.port.in.statistics.GetPerformanceMetricsUseCase;
import io.ruleworks.application.port.in.statistics.GetPerformanceMetricsUseCase.PerformanceRequest;
import io.ruleworks.domain.access.AuthenticationException;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.statistics.Granularity;
import io.ruleworks.domain.statistics.PerformanceReport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Sign-in, sign-out, the dashboard and the console's two static assets. */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConsoleController {

    static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";
    static final String CSS = "console/console.css";
    private static final int FAILING_SAMPLE = 100;
    static final int MONTH_DAYS = 30;

    private final AuthenticateUseCase authenticate;
    private final GetPerformanceMetricsUseCase performance;
    private final ListExecutionsUseCase executions;
    private final ListRulesUseCase rules;
    private final ConsoleSessions sessions;
    private final SignInThrottle throttle;
    private final ConsolePages pages;
    private final ConsoleSupport support;
    private final Clock clock;
    private final boolean alwaysSecureCookie;
    private final Map<String, byte[]> assets = new java.util.concurrent.ConcurrentHashMap<>();

    public ConsoleController(AuthenticateUseCase authenticate, GetPerformanceMetricsUseCase performance,
                             ListExecutionsUseCase executions, ListRulesUseCase rules, ConsoleSessions sessions,
                             SignInThrottle throttle, ConsolePages pages, ConsoleSupport support, Clock clock,
                             @Value("${ruleworks.console.secure-cookie:false}") boolean alwaysSecureCookie) {
        this.authenticate = authenticate;
        this.performance = performance;
        this.executions = executions;
        this.rules = rules;
        this.sessions = sessions;
        this.throttle = throttle;
        this.pages = pages;
        this.support = support;
        this.clock = clock;
        this.alwaysSecureCookie = alwaysSecureCookie;
    }

    @Get(uri = "/", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> home(HttpRequest<?> request) {
        Optional<ConsoleSession> session = ConsoleFilter.session(request);
        if (session.isEmpty()) {
            return signInPage(HttpStatus.OK, "");
        }
        return dashboard(session.get());
    }

    @Post(uri = "/sign-in", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> signIn(HttpRequest<?> request, @Nullable @Body String body) {
        String address = request.getRemoteAddress().getAddress().getHostAddress();
        if (!throttle.allows(address)) {
            return signInPage(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins from this address; try again later.")
                    .header("Retry-After", String.valueOf(throttle.retryAfterSeconds(address)));
        }
        String key = Form.parse(body).get("api_key").map(String::strip).orElse("");
        Caller caller;
        try {
            caller = authenticate.authenticate(key.isEmpty() ? Optional.empty() : Optional.of(key), Optional.empty());
        } catch (AuthenticationException e) {
            throttle.failed(address);
            return signInPage(HttpStatus.UNAUTHORIZED, e.getMessage() + ".");
        }
        if (!caller.permissions().contains(Permission.READ)) {
            throttle.failed(address);
            return signInPage(HttpStatus.FORBIDDEN, "This API key lacks automation:read, which the console needs.");
        }
        ConsoleFilter.session(request).ifPresent(old -> sessions.close(old.id()));
        ConsoleSession session = sessions.open(caller);
        return HttpResponse.seeOther(URI.create("/console/")).cookie(cookie(request, session.id(),
                Duration.ofSeconds(sessions.cookieMaxAgeSeconds())));
    }

    @Post(uri = "/sign-out", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> signOut(HttpRequest<?> request, @Nullable @Body String body) {
        ConsoleSession session = support.session(request);
        if (!ConsoleSessions.csrfMatches(session, Form.parse(body).get(Form.CSRF_FIELD).orElse(null))) {
            throw new ConsoleRefusal(HttpStatus.FORBIDDEN, "The form's security token is missing or stale.");
        }
        sessions.close(session.id());
        return HttpResponse.seeOther(URI.create("/console/")).cookie(cookie(request, "", Duration.ZERO));
    }

    @Get(uri = "/assets/{name}")
    public HttpResponse<?> asset(@PathVariable String name) {
        String resource = switch (name) {
            case "htmx.min.js" -> HTMX;
            case "console.css" -> CSS;
            default -> null;
        };
        if (resource == null) {
            return HttpResponse.notFound();
        }
        byte[] bytes = assets.computeIfAbsent(resource, ConsoleController::read);
        return HttpResponse.ok(bytes).contentType(name.endsWith(".js") ? "text/javascript;charset=utf-8"
                : "text/css;charset=utf-8").header("Cache-Control", "public, max-age=3600");
    }

    @Error
    public MutableHttpResponse<String> failed(HttpRequest<?> request, Throwable e) {
        return support.error(request, e);
    }

    private MutableHttpResponse<String> signInPage(HttpStatus status, String message) {
        return pages.page(status, "sign-in", support.params("frame", Frame.anonymous("Sign in"), "message", message));
    }

    private MutableHttpResponse<String> dashboard(ConsoleSession session) {
        Caller caller = session.caller();
        Instant now = clock.instant();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        PerformanceReport day = performance.performance(new PerformanceRequest(caller,
                Optional.of(hour.minus(Duration.ofHours(24))), Optional.of(hour), Optional.of(Granularity.HOUR),
                Set.of(), Set.of()));
        // 30 days by day: today (up to the next whole hour) and the 29 days before it, one bar each. The
        // statistics rollup answers it from its daily tables; by hour (720 buckets) the report took most
        // of the dashboard's time (docs/performance.md, "Operator console").
        PerformanceReport month = performance.performance(new PerformanceRequest(caller,
                Optional.of(now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(MONTH_DAYS - 1))),
                Optional.of(hour), Optional.of(Granularity.DAY), Set.of(), Set.of()));
        Chart dayChart = Chart.of("Executions per hour, last 24 hours", day, DateTimeFormatter.ofPattern("HH:mm"), 3);
        Chart monthChart = Chart.of("Executions per day, last 30 days", month, DateTimeFormatter.ofPattern("MM-dd"), 5);
        Page<ExecutionState> running = executions.list(caller, byStatus(ExecutionStatus.RUNNING, Optional.empty()),
                new PageRequest(1, 10), ConsoleSupport.COUNT_CAP);
        Page<ExecutionState> queued = executions.list(caller, byStatus(ExecutionStatus.PENDING, Optional.empty()),
                new PageRequest(1, 10), ConsoleSupport.COUNT_CAP);
        Page<ExecutionState> failures = executions.list(caller,
                byStatus(ExecutionStatus.FAILED, Optional.of(now.minus(Duration.ofDays(7)))),
                new PageRequest(1, FAILING_SAMPLE), FAILING_SAMPLE);
        Map<RuleId, Long> failing = failures.items().stream()
                .collect(Collectors.groupingBy(ExecutionState::ruleId, LinkedHashMap::new, Collectors.counting()));
        List<Map.Entry<RuleId, Long>> topFailing = failing.entrySet().stream()
                .sorted(Map.Entry.<RuleId, Long>comparingByValue().reversed()).limit(5).toList();
        return pages.page("dashboard", support.params("frame", support.frame(session, "Dashboard", "dashboard"),
                "day", day, "month", month, "dayChart", dayChart, "monthChart", monthChart,
                "running", running, "queued", queued, "failing", topFailing, "failingSample", failures.items().size(),
                "ruleNames", RuleNames.of(rules, caller)));
    }

    private static ExecutionFilter byStatus(ExecutionStatus status, Optional<Instant> createdFrom) {
        ExecutionFilter none = ExecutionFilter.none();
        return new ExecutionFilter(none.ruleId(), Optional.of(status), none.startedFrom(), none.startedTo(),
                none.durationMinMs(), none.durationMaxMs(), none.hasErrors(), none.triggerType(), none.search(),
                createdFrom, none.createdTo(), none.updatedFrom(), none.updatedTo(), none.inFlight(),
                ExecutionFilter.SortField.CREATED_AT, none.order());
    }

    private Cookie cookie(HttpRequest<?> request, String value, Duration maxAge) {
        return Cookie.of(ConsoleFilter.COOKIE, value).path("/console").httpOnly(true).sameSite(SameSite.Strict)
                .secure(alwaysSecureCookie || request.isSecure()).maxAge(maxAge);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing console asset " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
