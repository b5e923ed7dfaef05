package io.ruleworks.bootstrap.http.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP peer on 127.0.0.1 (or another loopback address) that records every request, answers with a configurable status after
 * a configurable delay, and tracks the most requests it ever had in progress at once.
 */
public final class RecordingSink implements AutoCloseable {

    public record Received(String path, String idempotencyKey, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger maxInProgress = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private volatile int status = 200;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public RecordingSink() throws IOException {
        this("127.0.0.1");
    }

    public RecordingSink(String loopbackAddress) throws IOException {
        server = HttpServer.create(new InetSocketAddress(loopbackAddress, 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            int now = inProgress.incrementAndGet();
            maxInProgress.accumulateAndGet(now, Math::max);
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                byte[] answer = "{\"id\":\"remote-42\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                int code = failing.contains(exchange.getRequestURI().getPath()) ? 500 : status;
                exchange.sendResponseHeaders(code, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inProgress.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + path;
    }

    public void respondWith(int newStatus) {
        this.status = newStatus;
    }

    /** Answers 500 on this path until {@link #recover(String)}. */
    public void fail(String path) {
        failing.add(path);
    }

    public void recover(String path) {
        failing.remove(path);
    }

    public void delay(Duration newDelay) {
        this.delay = newDelay;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedOn(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public int maxInProgress() {
        return maxInProgress.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
