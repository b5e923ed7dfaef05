package io.ruleworks.adapter.out.action.net;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An HTTP peer on a loopback address that records every request and answers per path with a
 * {@link Reply} (200 with an empty body unless told otherwise). Test traffic stays on loopback.
 */
public final class LoopbackServer implements AutoCloseable {

    public record Received(String method, String path, Headers headers, byte[] body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    @FunctionalInterface
    public interface Reply {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();

    public LoopbackServer(String address) throws IOException {
        this(address, 0);
    }

    public LoopbackServer(String address, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), body));
                replies.getOrDefault(exchange.getRequestURI().getPath(), e -> respond(e, 200, "")).answer(exchange);
            } catch (IOException | RuntimeException e) {
                // the client went away (timeouts, truncated reads): nothing to answer
            }
        });
        server.start();
    }

    public static LoopbackServer on127001() throws IOException {
        return new LoopbackServer("127.0.0.1");
    }

    public void on(String path, Reply reply) {
        replies.put(path, reply);
    }

    public URI url(String path) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedOn(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }

    public static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public static Reply redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
