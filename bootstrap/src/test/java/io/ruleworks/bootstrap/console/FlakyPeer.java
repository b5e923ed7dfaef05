package io.ruleworks.bootstrap.console;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A webhook peer on 127.0.0.1 that answers 503 with a telling body until told to recover. */
final class FlakyPeer implements AutoCloseable {

    static final String DOWN_BODY = "peer is down for maintenance";

    private final HttpServer server;
    private volatile boolean down = true;

    FlakyPeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = (down ? DOWN_BODY : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", down ? "text/plain" : "application/json");
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void recover() {
        down = false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
