package io.ruleworks.bootstrap.engine;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.TenantId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A small JSON-over-HTTP client for the engine tests: real requests to the embedded server. */
final class EngineHttp {

    record Answer(int status, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) body.get("data");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> error() {
            return (Map<String, Object>) body.get("error");
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;
    private final String apiKey;
    private final JsonMapper json;

    EngineHttp(URI base, String apiKey, JsonMapper json) {
        this.base = base;
        this.apiKey = apiKey;
        this.json = json;
    }

    /** A client of {@code server} with a new key holding every permission, for a new tenant. */
    static EngineHttp adminOfNewTenant(EmbeddedServer server) {
        return as(server, issue(server, Optional.empty(), EnumSet.allOf(Permission.class)));
    }

    /** A client of {@code server} sending {@code key}. */
    static EngineHttp as(EmbeddedServer server, IssuedApiKey key) {
        return new EngineHttp(server.getURI(), key.apiKey(), server.getApplicationContext().getBean(JsonMapper.class));
    }

    /** Issues a key (for a new tenant when {@code tenant} is empty) through the service's own use case. */
    static IssuedApiKey issue(EmbeddedServer server, Optional<TenantId> tenant,
                              Set<Permission> permissions) {
        return server.getApplicationContext().getBean(IssueApiKeyUseCase.class)
                .issue(new IssueApiKeyCommand(tenant, permissions, Optional.empty(), Optional.empty()));
    }

    Answer post(String path, Object body, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(write(body))),
                headers);
    }

    Answer put(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    private Answer send(HttpRequest.Builder request, String... headers) {
        request.header("x-api-key", apiKey).header("content-type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            @SuppressWarnings("unchecked")
            Map<String, Object> body = response.body().isEmpty() ? Map.of() : json.readValue(response.body(), Map.class);
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String write(Object body) {
        try {
            return body instanceof String s ? s : json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
