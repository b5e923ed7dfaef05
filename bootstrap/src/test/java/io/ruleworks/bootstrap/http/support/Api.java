package io.ruleworks.bootstrap.http.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real HTTP client for the service on loopback. Every reply is checked on the way in: a body
 * never leaks an exception name, SQL or a stack frame; an error status comes in the contract's
 * envelope; a documented response matches the schema the contract names for it.
 */
public final class Api {

    public static final String RULES = "/api/v1/automation/rules";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]*\\.java(:\\d+)?\\)|\\tat ");
    private static final List<String> LEAKS = List.of("Exception", "SQL");

    private final String base;
    private final Map<String, String> headers;

    private Api(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = Map.copyOf(headers);
    }

    /** A client for the server listening on 127.0.0.1:{@code port}, with no credentials. */
    public static Api onPort(int port) {
        return new Api("http://127.0.0.1:" + port, Map.of());
    }

    /** This client sending {@code x-api-key: key}. */
    public Api withKey(String key) {
        return withHeader("x-api-key", key);
    }

    public Api withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Api(base, more);
    }

    public Reply get(String path) {
        return send("GET", path, Optional.empty(), (String) null);
    }

    public Reply post(String path, String json) {
        return send("POST", path, Optional.of("application/json"), json);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, Optional.of("application/json"), json);
    }

    public Reply delete(String path) {
        return send("DELETE", path, Optional.empty(), (String) null);
    }

    /** Any method, optional content type, optional body (null sends none). */
    public Reply send(String method, String path, Optional<String> contentType, String body) {
        return sendBody(method, path, contentType, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    }

    public Reply sendBody(String method, String path, Optional<String> contentType, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        headers.forEach(request::header);
        contentType.ifPresent(t -> request.header("Content-Type", t));
        try {
            var response = HTTP.send(request.build(), BodyHandlers.ofString());
            Reply reply = new Reply(method, path, response.statusCode(), response.headers(), response.body());
            check(reply);
            return reply;
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + path + " interrupted", e);
        }
    }

    static void check(Reply reply) {
        for (String leak : LEAKS) {
            if (reply.body().contains(leak)) {
                throw new AssertionError("response body leaks '" + leak + "': " + reply);
            }
        }
        if (STACK_FRAME.matcher(reply.body()).find()) {
            throw new AssertionError("response body carries a stack frame: " + reply);
        }
        if (!reply.body().isEmpty() && !reply.header("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError("response body is not application/json: " + reply.headers().map() + " " + reply);
        }
        String path = reply.path().replaceFirst("\\?.*$", "");
        ContractSchemas contract = ContractSchemas.get();
        Optional<String> schema = contract.responseSchema(reply.method(), path, reply.status());
        if (schema.isEmpty() && reply.status() >= 400) {
            schema = Optional.of(ContractSchemas.ERROR_SCHEMA);
        }
        if (schema.isPresent()) {
            contract.assertValid(schema.get(), reply.body());
        } else if (reply.status() == 204 && !reply.body().isEmpty()) {
            throw new AssertionError("204 with a body: " + reply);
        }
    }
}
