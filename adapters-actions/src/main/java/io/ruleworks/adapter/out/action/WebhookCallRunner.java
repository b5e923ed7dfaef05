package io.ruleworks.adapter.out.action;

import io.micronaut.json.JsonMapper;
import io.ruleworks.adapter.out.action.net.OutboundException;
import io.ruleworks.adapter.out.action.net.OutboundHttp;
import io.ruleworks.adapter.out.action.net.OutboundRequest;
import io.ruleworks.adapter.out.action.net.OutboundRequest.Header;
import io.ruleworks.adapter.out.action.net.OutboundResponse;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.HttpAuthentication;
import io.ruleworks.domain.rule.WebhookCallConfig;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * webhook_call: an HTTP request with the rendered method, headers, JSON body and authentication,
 * sent through {@link OutboundHttp} (SSRF guard, checked redirects, bounded body), signed by
 * {@link WebhookSigner} and carrying {@code Idempotency-Key} so the receiver can deduplicate. 2xx
 * succeeds; 408, 429, 5xx, timeouts and unreachable hosts fail retryably (the engine retries);
 * refused addresses and other statuses fail for good. The result holds status_code, the first
 * 64 KiB of the body (parsed when it is complete JSON), truncated, selected headers and duration_ms.
 */
@Singleton
public class WebhookCallRunner implements ActionRunner {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** Response headers copied into the result, lower case. */
    static final List<String> RESULT_HEADERS = List.of("content-type", "location", "retry-after", "etag",
            "x-request-id");
    /** Headers the HTTP client owns; a config that sets one is refused. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "te", "trailer", "upgrade", "proxy-authorization", "proxy-connection");
    /** Headers this runner sets; same-named config headers are replaced. */
    private static final Set<String> OWN_HEADERS = Set.of("idempotency-key", "x-ruleworks-execution-id",
            "x-ruleworks-rule-id", "x-ruleworks-timestamp", "x-ruleworks-signature");

    private final OutboundHttp http;
    private final WebhookSigner signer;
    private final JsonMapper json;

    public WebhookCallRunner(OutboundHttp http, WebhookSigner signer, JsonMapper json) {
        this.http = http;
        this.signer = signer;
        this.json = json;
    }

    @Override
    public ActionType type() {
        return ActionType.WEBHOOK_CALL;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        WebhookCallConfig config = invocation.typedConfig(WebhookCallConfig.class);
        String method = config.method();
        Duration timeout = config.timeout(invocation.timeout());
        URI url = url(config.url());
        byte[] body = config.withoutBody() ? new byte[0] : body(config);

        List<Header> headers = new ArrayList<>();
        Set<String> credentialHeaders = new java.util.HashSet<>();
        boolean contentType = false;
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            String name = headerName(h.getKey());
            if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(new Header(name, headerValue(name, h.getValue())));
                contentType |= name.equalsIgnoreCase("content-type");
            }
        }
        authenticate(headers, credentialHeaders, config.authentication());
        if (body.length > 0 && !contentType) {
            headers.add(new Header("Content-Type", "application/json"));
        }
        WebhookSigner.Signature signature = signer.sign(body);
        headers.add(new Header("Idempotency-Key", invocation.idempotencyKey()));
        headers.add(new Header("X-Ruleworks-Execution-Id", invocation.executionId().toString()));
        headers.add(new Header("X-Ruleworks-Rule-Id", invocation.ruleId().toString()));
        headers.add(new Header(WebhookSigner.TIMESTAMP_HEADER, signature.timestamp()));
        headers.add(new Header(WebhookSigner.SIGNATURE_HEADER, signature.signature()));

        long started = System.nanoTime();
        OutboundResponse response;
        try {
            response = http.send(new OutboundRequest(method, url, headers, body, credentialHeaders),
                    MAX_RESPONSE_BYTES, timeout);
        } catch (OutboundException e) {
            throw new ActionFailedException("WEBHOOK_" + e.reason().name(), e.getMessage(), e.retryable(), e);
        }
        int status = response.status();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status_code", status);
        result.put("body", responseBody(response));
        result.put("truncated", response.truncated());
        Map<String, Object> selected = new LinkedHashMap<>();
        RESULT_HEADERS.forEach(name -> response.header(name).ifPresent(v -> selected.put(name, v)));
        result.put("headers", selected);
        result.put("duration_ms", (System.nanoTime() - started) / 1_000_000);
        if (status >= 200 && status < 300) {
            return result;
        }
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new ActionFailedException("WEBHOOK_HTTP_" + status, "Endpoint " + url.getHost() + " answered HTTP "
                + status, retryable);
    }

    private static URI url(String raw) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URI: " + e.getReason());
        }
    }

    private static String headerName(String name) {
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw invalid("header name '" + name + "' is not a valid HTTP header name");
        }
        if (CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw invalid("header " + name + " is set by the HTTP client and cannot be configured");
        }
        return name;
    }

    private static String headerValue(String name, String value) {
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw invalid("header " + name + " contains a line break after rendering");
        }
        return value;
    }

    private static ActionFailedException invalid(String message) {
        return new ActionFailedException("INVALID_ACTION_CONFIG", message, false);
    }

    private byte[] body(WebhookCallConfig config) {
        if (config.body().isEmpty()) {
            return new byte[0];
        }
        Object body = config.body().get();
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new ActionFailedException("INVALID_ACTION_CONFIG", "body cannot be written as JSON", false, e);
        }
    }

    private Object responseBody(OutboundResponse response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (!response.truncated() && !text.isBlank()) {
            try {
                return json.readValue(text, Object.class);
            } catch (IOException | RuntimeException notJson) {
                return text;
            }
        }
        return text;
    }

    private static void authenticate(List<Header> headers, Set<String> credentialHeaders, HttpAuthentication auth) {
        switch (auth.type()) {
            case BASIC -> headers.add(new Header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8))));
            case BEARER -> headers.add(new Header("Authorization",
                    headerValue("Authorization", "Bearer " + auth.token())));
            case API_KEY -> {
                String name = headerName(auth.apiKeyHeader());
                headers.add(new Header(name, headerValue(name, auth.apiKey())));
                credentialHeaders.add(name);
            }
            case NONE -> { /* none */ }
        }
    }
}
