package io.ruleworks.adapter.in.http;

import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.ruleworks.adapter.in.http.auth.ApiKeyAuthenticationFilter;
import io.ruleworks.domain.access.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured log line per request: method, path (never the query, which may carry data),
 * status, duration, tenant and key id. Headers and bodies are never logged, so no secret is.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public class AccessLogFilter {

    private static final Logger LOG = LoggerFactory.getLogger("ruleworks.access");
    private static final String STARTED = "ruleworks.started-nanos";

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    public void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
        var caller = request.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE, Caller.class);
        LOG.atInfo()
                .addKeyValue("method", request.getMethodName())
                .addKeyValue("path", request.getPath())
                .addKeyValue("route", request.getAttribute(HttpAttributes.URI_TEMPLATE, String.class).orElse("-"))
                .addKeyValue("status", response.code())
                .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000.0)
                .addKeyValue("tenant", caller.map(c -> c.tenant().toString()).orElse("-"))
                .addKeyValue("key_id", caller.map(c -> c.keyId().toString()).orElse("-"))
                .log("request");
    }
}
