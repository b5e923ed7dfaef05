import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reliability suite's webhook sink, on 127.0.0.1 only. Every request to /hook/<phase> is
 * answered 200 {"ok":true}; /poison/<phase> is answered 200 {"a":"\u0000"} (a JSON string holding
 * NUL, which PostgreSQL's jsonb cannot store). Each request's Idempotency-Key is counted per phase,
 * so a key seen more than once is a re-delivery of the same attempt.
 *
 * GET /stats/<phase> prints: requests=N keys=K redelivered_keys=R extra_deliveries=E max_per_key=M
 *
 * Run: java bench/ReliabilitySink.java PORT
 */
public class ReliabilitySink {

    private static final Map<String, Map<String, AtomicInteger>> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "18190");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        // the six characters \u0000 inside a JSON string: a valid JSON document whose value holds NUL
        byte[] poison = "{\"a\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/hook/", exchange -> answer(exchange, "/hook/", ok));
        server.createContext("/poison/", exchange -> answer(exchange, "/poison/", poison));
        server.createContext("/stats/", exchange -> {
            String phase = exchange.getRequestURI().getPath().substring("/stats/".length());
            Map<String, AtomicInteger> keys = KEYS.getOrDefault(phase, Map.of());
            long redelivered = keys.values().stream().filter(c -> c.get() > 1).count();
            long extra = keys.values().stream().mapToLong(c -> c.get() - 1).sum();
            int max = keys.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
            byte[] text = ("requests=" + REQUESTS.getOrDefault(phase, new AtomicInteger()).get() + " keys=" + keys.size()
                    + " redelivered_keys=" + redelivered + " extra_deliveries=" + extra + " max_per_key=" + max + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, text.length);
            exchange.getResponseBody().write(text);
            exchange.close();
        });
        server.start();
        System.out.println("reliability sink listening on 127.0.0.1:" + port);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String prefix, byte[] body)
            throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        String phase = exchange.getRequestURI().getPath().substring(prefix.length());
        REQUESTS.computeIfAbsent(phase, p -> new AtomicInteger()).incrementAndGet();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            KEYS.computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
