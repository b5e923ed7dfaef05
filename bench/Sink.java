import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP sink for the benchmark: answers every request 200 with a small JSON body, on
 * 127.0.0.1 only. Run: java bench/Sink.java PORT
 */
public class Sink {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "18090");
        AtomicLong received = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            received.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/count", exchange -> {
            byte[] count = String.valueOf(received.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, count.length);
            exchange.getResponseBody().write(count);
            exchange.close();
        });
        server.start();
        System.out.println("sink listening on 127.0.0.1:" + port);
    }
}
