package io.ruleworks.adapter.in.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.ruleworks.adapter.in.http.auth.ApiKeyAuthenticationFilter;
import io.ruleworks.adapter.in.http.error.ErrorResponses;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON bodies are UTF-8 (RFC 8259): a request whose Content-Type names another charset, or one
 * the JVM does not know, is refused with 415 before anything reads it (the framework would
 * otherwise decode it wrongly or fail with a 500 on an unknown name).
 */
@ServerFilter(ApiKeyAuthenticationFilter.API_PATTERN)
public class Utf8BodyFilter {

    private static final Pattern CHARSET = Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireUtf8(HttpRequest<?> request) {
        Optional<String> charset = charsetOf(request.getHeaders().get(HttpHeaders.CONTENT_TYPE));
        if (charset.isEmpty() || isUtf8(charset.get())) {
            return null;
        }
        return ErrorResponses.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                "Request bodies must be JSON encoded in UTF-8", Map.of("charset", charset.get()));
    }

    static Optional<String> charsetOf(@Nullable String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        Matcher m = CHARSET.matcher(contentType);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private static boolean isUtf8(String charset) {
        String name = charset.toLowerCase(Locale.ROOT);
        return name.equals("utf-8") || name.equals("utf8");
    }
}
