package io.ruleworks.adapter.out.action.net;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * The one way this service makes outbound HTTP requests to user-given URLs (webhooks, attachments
 * by URL, notification webhooks), guarded against SSRF by an {@link AddressPolicy}:
 * <ul>
 *   <li>each URL (the first and every redirect target) must be http(s) without userinfo, and not
 *       name a metadata host or a refused IP literal;</li>
 *   <li>names are resolved by {@link GuardedDnsResolver}, which passes on only permitted addresses,
 *       and the connection is made to one of exactly those (no second lookup, no proxy);</li>
 *   <li>redirects are followed here, up to {@code ruleworks.outbound.max-redirects}, with each hop
 *       checked again; credentials are not sent to another origin;</li>
 *   <li>the whole exchange, redirects included, ends at the timeout, and the response body is read
 *       up to a cap, the rest is left unread.</li>
 * </ul>
 * Apache HttpClient 5 (classic, pooled) does the HTTP; it never retries, follows no redirects on
 * its own, keeps no cookies and does not decompress.
 */
@Singleton
public class OutboundHttp implements AutoCloseable {

    private static final int REDIRECT_BODY_BYTES = 8 * 1024;

    private final AddressPolicy policy;
    private final int maxRedirects;
    private final CloseableHttpClient client;
    /** The builder's default TLS strategy, created by the first https connection rather than at start. */
    private final TlsOnFirstUse tls = new TlsOnFirstUse();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "outbound-http-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public OutboundHttp(AddressPolicy policy,
                        @Value("${ruleworks.outbound.max-redirects:3}") int maxRedirects,
                        @Value("${ruleworks.outbound.connect-timeout:10s}") Duration connectTimeout) {
        this(policy, maxRedirects, connectTimeout, SystemDefaultDnsResolver.INSTANCE);
    }

    /** With another name resolver underneath the guard (tests stand in a rebinding DNS server). */
    OutboundHttp(AddressPolicy policy, int maxRedirects, Duration connectTimeout, DnsResolver names) {
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("ruleworks.outbound.max-redirects must be >= 0");
        }
        this.policy = policy;
        this.maxRedirects = maxRedirects;
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(policy, names))
                .setTlsSocketStrategy(tls)
                .setMaxConnTotal(256)
                .setMaxConnPerRoute(64)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("Ruleworks/1")
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    public AddressPolicy policy() {
        return policy;
    }

    /**
     * Sends {@code request} and returns its answer as it is, a redirect included (not followed):
     * for callers whose contract is one request to one checked URL.
     *
     * @throws OutboundException    refused by the policy, timed out, unreachable
     * @throws InterruptedException if the calling thread was interrupted
     */
    public OutboundResponse sendWithoutRedirects(OutboundRequest request, int maxResponseBytes, Duration timeout)
            throws OutboundException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        policy.checkUrl(request.uri());
        return exchange(request, maxResponseBytes, deadline, timeout, 0);
    }

    /**
     * Sends {@code request}, following redirects, and returns the final answer (any status).
     *
     * @param maxResponseBytes the most body bytes read; beyond them the response is marked truncated
     * @param timeout          for the whole exchange, redirects included
     * @throws OutboundException    refused by the policy, timed out, unreachable, too many redirects
     * @throws InterruptedException if the calling thread was interrupted
     */
    public OutboundResponse send(OutboundRequest request, int maxResponseBytes, Duration timeout)
            throws OutboundException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        OutboundRequest current = request;
        for (int redirects = 0; ; redirects++) {
            policy.checkUrl(current.uri());
            OutboundResponse response = exchange(current, maxResponseBytes, deadline, timeout, redirects);
            if (!isRedirect(response.status())) {
                return response;
            }
            String location = response.header("location").orElseThrow(() -> new OutboundException(
                    OutboundException.Reason.PROTOCOL_ERROR, "Redirect " + response.status() + " from "
                    + host(response.uri()) + " has no Location"));
            if (redirects == maxRedirects) {
                throw new OutboundException(OutboundException.Reason.TOO_MANY_REDIRECTS, "More than "
                        + maxRedirects + " redirects, the last from " + host(response.uri()));
            }
            URI target;
            try {
                target = current.uri().resolve(location.strip());
            } catch (IllegalArgumentException e) {
                throw new OutboundException(OutboundException.Reason.PROTOCOL_ERROR, "Redirect from "
                        + host(response.uri()) + " has an invalid Location", e);
            }
            current = current.redirectedTo(target, response.status());
        }
    }

    private OutboundResponse exchange(OutboundRequest request, int maxResponseBytes, long deadline, Duration timeout,
                                      int redirects) throws OutboundException, InterruptedException {
        String host = host(request.uri());
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(host, timeout, null);
        }
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), request.uri());
        request.headers().forEach(h -> http.addHeader(h.name(), h.value()));
        if (request.body().length > 0) {
            http.setEntity(new ByteArrayEntity(request.body(), null));
        }
        Timeout left = Timeout.of(remaining, TimeUnit.NANOSECONDS);
        http.setConfig(RequestConfig.custom().setResponseTimeout(left).setConnectionRequestTimeout(left).build());
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> canceller = deadlines.schedule(() -> {
            expired.set(true);
            http.cancel();
        }, remaining, TimeUnit.NANOSECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, http, HttpClientContext.create());
            try {
                return read(request, response, http, maxResponseBytes, redirects);
            } finally {
                closeQuietly(response);
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted during a request to " + host);
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof GuardedDnsResolver.Refused refused) {
                    throw refused.refusal();
                }
            }
            if (expired.get() || e instanceof InterruptedIOException) {
                throw timedOut(host, timeout, e);
            }
            throw new OutboundException(OutboundException.Reason.UNREACHABLE, "Request to " + host + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } finally {
            canceller.cancel(false);
        }
    }

    private static OutboundResponse read(OutboundRequest request, ClassicHttpResponse response, HttpUriRequestBase http,
                                         int maxResponseBytes, int redirects) throws IOException {
        int status = response.getCode();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.getValue());
        }
        int cap = isRedirect(status) ? REDIRECT_BODY_BYTES : maxResponseBytes;
        byte[] body = new byte[0];
        boolean truncated = false;
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            InputStream in = entity.getContent();
            body = in.readNBytes(cap);
            truncated = body.length == cap && in.read() != -1;
            if (truncated) {
                http.cancel(); // drop the connection instead of draining the rest
            }
        }
        return new OutboundResponse(status, headers, body, truncated, request.uri(), redirects);
    }

    /** After a truncated read the connection was aborted; closing it may complain, which changes nothing. */
    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }

    private static OutboundException timedOut(String host, Duration timeout, Throwable cause) {
        return new OutboundException(OutboundException.Reason.TIMEOUT, "No complete answer from " + host
                + " within " + timeout.toMillis() + " ms", cause);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "(no host)" : AddressPolicy.normalise(uri.getHost());
    }

    @Override
    @PreDestroy
    public void close() {
        deadlines.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            // closing sockets on shutdown: nothing left to do
        }
    }

    /** Whether an https connection has created the TLS context yet (none has at start). */
    boolean tlsCreated() {
        return tls.strategy.created();
    }

    /**
     * {@link DefaultClientTlsStrategy#createDefault()}, what the pool's builder would create with it,
     * created on the first https connection: creating it loads the JDK's trust store, ~0.1 s of a
     * restart that makes no outbound call (docs/performance.md, "Start-up, 2026-12-08").
     */
    private static final class TlsOnFirstUse implements TlsSocketStrategy {

        private final OnFirstUse<TlsSocketStrategy> strategy = new OnFirstUse<>(DefaultClientTlsStrategy::createDefault);

        @Override
        public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
                throws IOException {
            return strategy.get().upgrade(socket, target, port, attachment, context);
        }
    }
}
