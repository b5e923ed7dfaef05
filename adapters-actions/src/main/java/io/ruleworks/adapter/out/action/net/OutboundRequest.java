package io.ruleworks.adapter.out.action.net;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One outbound HTTP request. {@code credentialHeaders} names the headers (besides Authorization,
 * Proxy-Authorization and Cookie, always) that carry secrets and are therefore dropped when a
 * redirect leads to another origin, e.g. an API-key header.
 */
public record OutboundRequest(String method, URI uri, List<Header> headers, byte[] body,
                              Set<String> credentialHeaders) {

    /** Headers that never follow a redirect to another origin. */
    static final Set<String> ALWAYS_CREDENTIALS = Set.of("authorization", "proxy-authorization", "cookie");

    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public OutboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        credentialHeaders = credentialHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static OutboundRequest get(URI uri) {
        return new OutboundRequest("GET", uri, List.of(), new byte[0], Set.of());
    }

    boolean isCredential(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return ALWAYS_CREDENTIALS.contains(name) || credentialHeaders.contains(name);
    }

    /**
     * The request to send after a redirect answer {@code status} pointing at {@code target}: 307 and
     * 308 keep method and body; 303 turns anything but HEAD into GET; 301 and 302 turn POST into GET
     * (as every client does); a request that becomes a GET loses its body and content headers.
     * Credential headers are dropped when the origin changes.
     */
    OutboundRequest redirectedTo(URI target, int status) {
        String nextMethod = switch (status) {
            case 303 -> method.equals("HEAD") ? "HEAD" : "GET";
            case 301, 302 -> method.equals("POST") ? "GET" : method;
            default -> method;
        };
        boolean dropBody = !nextMethod.equals(method);
        boolean sameOrigin = origin(uri).equals(origin(target));
        List<Header> next = headers.stream()
                .filter(h -> sameOrigin || !isCredential(h.name()))
                .filter(h -> !dropBody || !h.name().toLowerCase(Locale.ROOT).startsWith("content-"))
                .toList();
        return new OutboundRequest(nextMethod, target, next, dropBody ? new byte[0] : body, credentialHeaders);
    }

    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }
}
