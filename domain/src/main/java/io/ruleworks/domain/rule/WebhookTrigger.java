package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Fired by a signed inbound HTTP call to the rule's hook endpoint. */
public record WebhookTrigger(Optional<String> webhookUrl, HttpMethod httpMethod, Map<String, String> headers,
                             HttpAuthentication authentication, long timeoutSeconds, long retryAttempts)
        implements TriggerConfig {

    public enum HttpMethod implements WireEnum {
        GET, POST, PUT, PATCH, DELETE;

        @Override
        public String wire() {
            return name();
        }
    }

    public WebhookTrigger {
        headers = Map.copyOf(headers);
    }

    static Optional<TriggerConfig> parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        Optional<String> url = r.url("webhook_url", false);
        HttpMethod method = r.oneOf("http_method", WireEnum.values(HttpMethod.class))
                .map(m -> WireEnum.require(HttpMethod.class, m)).orElse(HttpMethod.POST);
        Map<String, String> headers = r.stringMap("headers", 50).orElse(Map.of());
        HttpAuthentication auth = r.object("authentication")
                .flatMap(a -> HttpAuthentication.parse(a, r.pathOf("authentication"), violations))
                .orElse(HttpAuthentication.NONE);
        long timeout = r.integer("timeout_seconds", 1, 300).orElse(30L);
        long retries = r.integer("retry_attempts", 0, 5).orElse(3L);
        r.rejectUnknownKeys();
        return Optional.of(new WebhookTrigger(url, method, headers, auth, timeout, retries));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        webhookUrl.ifPresent(u -> map.put("webhook_url", u));
        map.put("http_method", httpMethod.wire());
        map.put("headers", headers);
        map.put("authentication", authentication.toMap());
        map.put("timeout_seconds", timeoutSeconds);
        map.put("retry_attempts", retryAttempts);
        return map;
    }
}
