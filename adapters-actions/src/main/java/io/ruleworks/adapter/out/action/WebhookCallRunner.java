package io.ruleworks.adapter.out.action;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.ActionFailedException;
import io.ruleworks.application.port.out.ActionRunner;
import io.ruleworks.domain.rule.ActionType;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * webhook_call: an HTTP request with the rendered method, headers, JSON body and authentication,
 * bounded by the action's timeout, carrying {@code Idempotency-Key} so the receiver can
 * deduplicate. 2xx succeeds; 408, 429 and 5xx fail retryably; other statuses fail for good. The
 * response status and the first 64 KiB of its body are the action's result.
 */
@Singleton
public class WebhookCallRunner implements ActionRunner {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final JsonMapper json;

    public WebhookCallRunner(JsonMapper json) {
        this.json = json;
    }

    @Override
    public ActionType type() {
        return ActionType.WEBHOOK_CALL;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        Map<String, Object> config = invocation.config();
        String method = String.valueOf(config.getOrDefault("method", "POST"));
        Duration timeout = invocation.timeout();
        if (config.get("timeout_seconds") instanceof Number n && Duration.ofSeconds(n.longValue()).compareTo(timeout) < 0) {
            timeout = Duration.ofSeconds(n.longValue());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(String.valueOf(config.get("url"))))
                .timeout(timeout)
                .header("Idempotency-Key", invocation.idempotencyKey())
                .header("X-Ruleworks-Execution-Id", invocation.executionId().toString())
                .header("X-Ruleworks-Rule-Id", invocation.ruleId().toString())
                .header("User-Agent", "Ruleworks/1");
        if (config.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((k, v) -> request.header(String.valueOf(k), String.valueOf(v)));
        }
        if (config.get("authentication") instanceof Map<?, ?> auth) {
            authenticate(request, (Map<String, Object>) auth);
        }
        byte[] body = body(config);
        boolean hasBody = body.length > 0 && !method.equals("GET") && !method.equals("DELETE");
        if (hasBody && !(config.get("headers") instanceof Map<?, ?> h && h.keySet().stream()
                .anyMatch(k -> String.valueOf(k).equalsIgnoreCase("content-type")))) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, hasBody ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.noBody());
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ActionFailedException("WEBHOOK_TIMEOUT", "No response within " + timeout.toSeconds() + " s", true, e);
        } catch (IOException e) {
            throw new ActionFailedException("WEBHOOK_UNREACHABLE", "Request failed: " + e.getMessage(), true, e);
        }
        int status = response.statusCode();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status_code", status);
        result.put("body", responseBody(response.body()));
        if (status >= 200 && status < 300) {
            return result;
        }
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new ActionFailedException("WEBHOOK_HTTP_" + status, "Endpoint answered HTTP " + status, retryable);
    }

    private byte[] body(Map<String, Object> config) {
        Object body = config.get("body");
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ActionFailedException("INVALID_ACTION_CONFIG", "body cannot be written as JSON", false, e);
        }
    }

    private Object responseBody(byte[] bytes) {
        int length = Math.min(bytes.length, MAX_RESPONSE_BYTES);
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (length == bytes.length) {
            try {
                return json.readValue(text, Object.class);
            } catch (IOException | RuntimeException notJson) {
                return text;
            }
        }
        return text;
    }

    private static void authenticate(HttpRequest.Builder request, Map<String, Object> auth) {
        Map<?, ?> credentials = auth.get("credentials") instanceof Map<?, ?> c ? c : Map.of();
        switch (String.valueOf(auth.get("type"))) {
            case "basic" -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credentials.get("username") + ":" + credentials.get("password")).getBytes(StandardCharsets.UTF_8)));
            case "bearer" -> request.header("Authorization", "Bearer " + credentials.get("token"));
            case "api_key" -> request.header(credentials.get("header") == null ? "X-API-Key"
                    : String.valueOf(credentials.get("header")), String.valueOf(credentials.get("key")));
            default -> { /* none */ }
        }
    }
}
