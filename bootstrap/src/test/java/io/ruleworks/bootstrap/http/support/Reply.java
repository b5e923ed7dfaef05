package io.ruleworks.bootstrap.http.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** One HTTP exchange as the client saw it: status, headers and the raw body text. */
public record Reply(String method, String path, int status, HttpHeaders headers, String body) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Fails, showing the whole exchange, unless the status is {@code expected}. */
    public Reply expectStatus(int expected) {
        if (status != expected) {
            throw new AssertionError("expected " + expected + " from " + this + " but got " + status);
        }
        return this;
    }

    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + this, e);
        }
    }

    /** The {@code data} member of a success body. */
    public JsonNode data() {
        return json().path("data");
    }

    public String errorCode() {
        return json().path("error").path("code").asText();
    }

    /** {@code error.details.field}: the offending field or parameter. */
    public String errorField() {
        return json().path("error").path("details").path("field").asText();
    }

    public JsonNode errorDetails() {
        return json().path("error").path("details");
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " " + (body.length() > 1_500 ? body.substring(0, 1_500) + "..." : body);
    }
}
