package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients over raw sockets on 127.0.0.1, with short configured limits: a request whose headers
 * or body trickle in byte by byte is cut off at its deadline although every byte arrives well
 * within the idle timeout (before, 1,000 such connections stayed open 150 s past the 60 s idle
 * timeout); an idle keep-alive connection between requests is left to the idle timeout; and one
 * address may hold only so many connections.
 */
@MicronautTest(transactional = false)
class SlowClientHttpTest extends HttpTestBase {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);
    private static final int PER_ADDRESS = 6;
    /** A trickle: one byte or line this often, far inside the idle timeout. */
    private static final Duration TRICKLE = Duration.ofMillis(250);
    /** How long a trickling client keeps going before the test gives up on being cut off. */
    private static final Duration GIVE_UP = Duration.ofSeconds(8);

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.http.request-header-timeout", HEADER_TIMEOUT.toMillis() + "ms");
        properties.put("ruleworks.http.request-body-timeout", BODY_TIMEOUT.toMillis() + "ms");
        properties.put("ruleworks.http.max-connections-per-address", Integer.toString(PER_ADDRESS));
        properties.put("micronaut.server.idle-timeout", "60s");
        properties.put("ruleworks.queue.workers.enabled", "false");
        return properties;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getPort());
        socket.setSoTimeout((int) GIVE_UP.toMillis());
        return socket;
    }

    /**
     * Sends {@code head} at once, then {@code trickle} one piece every TRICKLE, until the server
     * closes the connection; returns how long after the start it was closed (or GIVE_UP if never).
     */
    private static Duration trickleUntilClosed(Socket socket, String head, String trickle) throws Exception {
        OutputStream out = socket.getOutputStream();
        long started = System.nanoTime();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout((int) TRICKLE.toMillis());
        InputStream in = socket.getInputStream();
        while (Duration.ofNanos(System.nanoTime() - started).compareTo(GIVE_UP) < 0) {
            try {
                if (in.read() < 0) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (SocketTimeoutException stillOpen) {
                try {
                    out.write(trickle.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (SocketException closed) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (SocketException reset) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
        }
        return GIVE_UP;
    }

    /** One response read off a keep-alive connection: its status line and body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a response: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return headers.lines().findFirst().orElse("");
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    @Test
    void headers_trickling_in_line_by_line_are_cut_off_at_the_header_deadline() throws Exception {
        try (Socket socket = connect()) {
            Duration closedAfter = trickleUntilClosed(socket,
                    "GET /api/v1/automation/rules HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: 1\r\n");

            System.out.printf("slow headers: closed after %d ms%n", closedAfter.toMillis());
            assertThat(closedAfter).isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(100))
                    .isLessThan(HEADER_TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void a_body_trickling_in_byte_by_byte_is_cut_off_at_the_body_deadline() throws Exception {
        try (Socket socket = connect()) {
            Duration closedAfter = trickleUntilClosed(socket,
                    "POST /api/v1/automation/hooks/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", " ");

            System.out.printf("slow body: closed after %d ms%n", closedAfter.toMillis());
            assertThat(closedAfter).isGreaterThanOrEqualTo(BODY_TIMEOUT.minusMillis(100))
                    .isLessThan(BODY_TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void a_request_sent_in_pieces_within_the_deadlines_is_answered() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/automation/rules HTTP/1.1\r\n");
            Thread.sleep(HEADER_TIMEOUT.toMillis() / 3); // a slow but honest client
            send(socket, "Host: 127.0.0.1\r\n\r\n");

            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void a_keep_alive_connection_idle_between_requests_is_left_to_the_idle_timeout() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/automation/rules HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 401");

            Thread.sleep(HEADER_TIMEOUT.plus(BODY_TIMEOUT).toMillis() + 500); // idle, between requests

            send(socket, "GET /api/v1/automation/rules HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void one_address_holds_at_most_the_configured_connections_and_a_closed_one_frees_its_place() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                Socket socket = connect();
                send(socket, "GET /api/v1/automation/rules HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(readResponse(socket.getInputStream())).as("connection " + (i + 1)).startsWith("HTTP/1.1 401");
                held.add(socket);
            }

            try (Socket beyond = connect()) {
                assertThat(closedWithoutAnswer(beyond)).as("connection " + (PER_ADDRESS + 1)).isTrue();
            }

            held.removeFirst().close();
            Socket again = awaitAdmitted();
            held.add(again);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** A connection the server closes as soon as it is accepted: the request gets no answer. */
    private static boolean closedWithoutAnswer(Socket socket) {
        try {
            send(socket, "GET /api/v1/automation/rules HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** The server notices a close asynchronously: a new connection is admitted within a moment. */
    private Socket awaitAdmitted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Socket socket = connect();
            try {
                send(socket, "GET /api/v1/automation/rules HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                if (readResponse(socket.getInputStream()).startsWith("HTTP/1.1 401")) {
                    return socket;
                }
            } catch (IOException refused) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no connection admitted after one of the limit was closed", refused);
                }
                Thread.sleep(50);
            }
        }
    }
}
