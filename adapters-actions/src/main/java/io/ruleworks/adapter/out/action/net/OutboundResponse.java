package io.ruleworks.adapter.out.action.net;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The final answer of an outbound request (after redirects). {@code body} holds at most the
 * requested number of bytes; {@code truncated} says the peer had more. Header names are lower case.
 */
public record OutboundResponse(int status, Map<String, List<String>> headers, byte[] body, boolean truncated,
                               URI uri, int redirects) {

    public OutboundResponse {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
