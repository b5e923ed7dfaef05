package io.ruleworks.domain.rule;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * webhook_call: the URL as rendered (the runner parses it, refusing one that is not a URI), the
 * method upper-cased (POST when absent), the configured headers in their order, the body (text as
 * it is, anything else written as JSON; none when absent or null), the authentication and the
 * call's own timeout. retry_attempts is the engine's (see {@link ActionSpec}), not the runner's.
 */
public record WebhookCallConfig(String url, String method, Map<String, String> headers, Optional<Object> body,
                                HttpAuthentication authentication, Optional<Duration> timeout)
        implements ActionConfig {

    public WebhookCallConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Whether the method sends no body (GET, DELETE). */
    public boolean withoutBody() {
        return method.equals("GET") || method.equals("DELETE");
    }

    /** The timeout of one call: the config's timeout_seconds when shorter than the action's. */
    public Duration timeout(Duration actionTimeout) {
        return RenderedConfig.shorter(timeout, actionTimeout);
    }

    static WebhookCallConfig of(RenderedConfig config) {
        return new WebhookCallConfig(config.shown("url"),
                String.valueOf(config.values().getOrDefault("method", "POST")).toUpperCase(Locale.ROOT),
                headers(config.get("headers")), Optional.ofNullable(config.get("body")),
                authentication(config.get("authentication")), config.seconds("timeout_seconds"));
    }

    private static Map<String, String> headers(Object raw) {
        if (!(raw instanceof Map<?, ?> configured) || configured.isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        configured.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
        return java.util.Collections.unmodifiableMap(headers);
    }

    @SuppressWarnings("unchecked")
    private static HttpAuthentication authentication(Object raw) {
        if (!(raw instanceof Map<?, ?> auth)) {
            return HttpAuthentication.NONE;
        }
        HttpAuthentication.Type type = switch (String.valueOf(auth.get("type"))) {
            case "basic" -> HttpAuthentication.Type.BASIC;
            case "bearer" -> HttpAuthentication.Type.BEARER;
            case "api_key" -> HttpAuthentication.Type.API_KEY;
            default -> HttpAuthentication.Type.NONE;
        };
        return new HttpAuthentication(type, auth.get("credentials") instanceof Map<?, ?> c
                ? (Map<String, Object>) c : Map.of());
    }
}
