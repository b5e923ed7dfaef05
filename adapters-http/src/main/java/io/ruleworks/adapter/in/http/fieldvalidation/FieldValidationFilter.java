package io.ruleworks.adapter.in.http.fieldvalidation;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.ruleworks.adapter.in.http.auth.ApiKeyAuthenticationFilter;
import io.ruleworks.adapter.in.http.error.ErrorResponses;
import io.ruleworks.adapter.in.http.link.ResourceLinks;
import io.ruleworks.domain.shared.ValidationException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses each API request's field validation mode (the {@code fieldValidation} query parameter,
 * else the {@code X-Ruleworks-Field-Validation} header, else the deployment's
 * {@code ruleworks.api.field-validation}), attaches a {@link FieldWarnings} to the request, and
 * writes the warnings it collected as {@code Warning} headers on the response, error or not.
 */
@ServerFilter(ApiKeyAuthenticationFilter.API_PATTERN)
public class FieldValidationFilter {

    private final FieldValidation deploymentDefault;

    public FieldValidationFilter(@Value("${ruleworks.api.field-validation:Warn}") String configured) {
        this.deploymentDefault = FieldValidation.parse(configured).orElseThrow(() -> new IllegalStateException(
                "ruleworks.api.field-validation must be " + FieldValidation.choices() + ", not " + configured));
    }

    public FieldValidation deploymentDefault() {
        return deploymentDefault;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> chooseMode(HttpRequest<?> request) {
        List<String> fromQuery = request.getParameters().getAll(FieldValidation.PARAMETER);
        Optional<String> fromHeader = Optional.ofNullable(request.getHeaders().get(FieldValidation.HEADER));
        String field = fromQuery.isEmpty() ? FieldValidation.HEADER : FieldValidation.PARAMETER;
        if (fromQuery.size() > 1) {
            return refuse(FieldValidation.PARAMETER, "must be given at most once");
        }
        Optional<String> chosen = fromQuery.isEmpty() ? fromHeader : Optional.of(fromQuery.getFirst());
        FieldValidation mode = deploymentDefault;
        if (chosen.isPresent()) {
            Optional<FieldValidation> parsed = FieldValidation.parse(chosen.get());
            if (parsed.isEmpty()) {
                return refuse(field, "must be " + FieldValidation.choices());
            }
            mode = parsed.get();
        }
        FieldWarnings warnings = new FieldWarnings(mode);
        request.setAttribute(FieldWarnings.ATTRIBUTE, warnings);
        if (takesNoQuery(request)) {
            List<String> unknown = request.getParameters().names().stream()
                    .filter(name -> !name.equals(FieldValidation.PARAMETER)).sorted().toList();
            if (mode == FieldValidation.STRICT && !unknown.isEmpty()) {
                ValidationException e = new ValidationException(unknown.stream()
                        .map(name -> new io.ruleworks.domain.shared.FieldViolation(name, "is not a known query parameter"))
                        .toList());
                return ErrorResponses.of(HttpStatus.BAD_REQUEST, e.code(), e.getMessage(), e.details());
            }
            unknown.forEach(name -> warnings.warn("unknown query parameter \"" + name + "\""));
        }
        return null;
    }

    /**
     * Whether the request goes to an automation operation without query parameters: every one but
     * the lists and reports, which read theirs through QueryParameters (that warns or refuses), and
     * the inbound hooks, whose senders are not API clients and cannot choose a mode.
     */
    private static boolean takesNoQuery(HttpRequest<?> request) {
        String path = request.getPath();
        return path.startsWith(ResourceLinks.BASE + "/") && !path.startsWith(HOOKS)
                && !(request.getMethod() == HttpMethod.GET && WITH_QUERY.contains(path));
    }

    private static final String HOOKS = ResourceLinks.BASE + "/hooks/";

    private static final Set<String> WITH_QUERY = Set.of(ResourceLinks.RULES, ResourceLinks.EXECUTIONS,
            ResourceLinks.TEMPLATES, ResourceLinks.BASE + "/statistics", ResourceLinks.BASE + "/performance");

    @ResponseFilter
    public void writeWarnings(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(FieldWarnings.ATTRIBUTE, FieldWarnings.class)
                .ifPresent(w -> w.headerValues().forEach(v -> response.getHeaders().add("Warning", v)));
    }

    private static HttpResponse<?> refuse(String field, String message) {
        ValidationException e = ValidationException.of(field, message);
        return ErrorResponses.of(HttpStatus.BAD_REQUEST, e.code(), e.getMessage(), e.details());
    }
}
