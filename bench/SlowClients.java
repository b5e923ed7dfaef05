import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slow clients against one loopback instance while normal requests are measured. HEADER_CONNS
 * connections send a request line and then one header line every INTERVAL seconds, never ending
 * the header; BODY_CONNS connections send a complete header announcing a 100,000-byte body and
 * then one body byte every INTERVAL seconds. Meanwhile GET PROBE_PATH is sent PROBE_RATE times a
 * second (API key in x-api-key) and its answers timed. After SECONDS everything stops.
 *
 * Run: java bench/SlowClients.java PORT HEADER_CONNS BODY_CONNS SECONDS INTERVAL_S API_KEY PROBE_PATH PROBE_RATE
 * Prints: how many slow connections were opened, closed by the server (and after how long), still
 * open at the end; the probe's count, statuses, p50/p99/max latency.
 */
public class SlowClients {

    private static final ConcurrentLinkedQueue<Long> CLOSED_AFTER_MS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger OPENED = new AtomicInteger();
    private static final AtomicInteger CONNECT_FAILED = new AtomicInteger();
    private static final AtomicInteger HEADER_CLOSED = new AtomicInteger();
    private static final AtomicInteger BODY_CLOSED = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int headerConns = Integer.parseInt(args[1]);
        int bodyConns = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        long interval = Long.parseLong(args[4]);
        String key = args[5];
        String probePath = args[6];
        double probeRate = Double.parseDouble(args[7]);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch opened = new CountDownLatch(headerConns + bodyConns);
        for (int i = 0; i < headerConns + bodyConns; i++) {
            boolean body = i >= headerConns;
            int n = i;
            Thread.ofVirtual().start(() -> slow(port, key, body, n, interval, end, sockets, opened));
            if (i % 50 == 49) {
                Thread.sleep(100); // connect in bursts of 50, not all in one instant
            }
        }
        opened.await(30, TimeUnit.SECONDS);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<String> statuses = new ConcurrentLinkedQueue<>();
        List<Thread> probes = new ArrayList<>();
        long probeStart = System.nanoTime();
        for (long i = 0; ; i++) {
            long due = probeStart + (long) (i * 1e9 / probeRate);
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            probes.add(Thread.ofVirtual().start(() -> {
                long sent = System.nanoTime();
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + probePath)).timeout(Duration.ofSeconds(30)).header("x-api-key", key).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    statuses.add(String.valueOf(r.statusCode()));
                } catch (Exception e) {
                    statuses.add(e.getClass().getSimpleName());
                }
                latencies.add((System.nanoTime() - sent) / 1_000_000);
            }));
        }
        for (Thread t : probes) {
            t.join();
        }
        List<Long> closed = new ArrayList<>(CLOSED_AFTER_MS);
        Collections.sort(closed);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        java.util.Map<String, Long> byStatus = new java.util.TreeMap<>();
        statuses.forEach(s -> byStatus.merge(s, 1L, Long::sum));
        System.out.println("slow_opened=" + OPENED.get() + " connect_failed=" + CONNECT_FAILED.get()
                + " closed_by_server=" + closed.size() + " (header=" + HEADER_CLOSED.get() + " body=" + BODY_CLOSED.get()
                + ") still_open_at_end=" + (OPENED.get() - HEADER_CLOSED.get() - BODY_CLOSED.get())
                + (closed.isEmpty() ? "" : " close_after_s_p50=" + pct(closed, 0.5) / 1000.0
                        + " max=" + pct(closed, 1.0) / 1000.0));
        System.out.println("probe GET " + probePath + ": n=" + sorted.size() + " status=" + byStatus
                + " latency_ms p50=" + pct(sorted, 0.5) + " p99=" + pct(sorted, 0.99) + " max=" + pct(sorted, 1.0));
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // ending anyway
                }
            }
        }
        System.exit(0);
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1 < 0
                ? 0 : (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static void slow(int port, String key, boolean body, int n, long interval, long end, List<Socket> sockets,
                             CountDownLatch opened) {
        Socket socket = new Socket();
        long started = System.nanoTime();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            sockets.add(socket);
            OPENED.incrementAndGet();
        } catch (Exception e) {
            CONNECT_FAILED.incrementAndGet();
            opened.countDown();
            return;
        }
        opened.countDown();
        AtomicInteger done = new AtomicInteger();
        Runnable closedByServer = () -> {
            if (done.compareAndSet(0, 1) && System.nanoTime() < end) {
                CLOSED_AFTER_MS.add((System.nanoTime() - started) / 1_000_000);
                (body ? BODY_CLOSED : HEADER_CLOSED).incrementAndGet();
            }
        };
        // the server may answer (408, 413...) and close: either way the read ends
        Thread.ofVirtual().start(() -> {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                while (in.read(buffer) >= 0) {
                    // an answer before the request is complete: the server is ending it
                }
                closedByServer.run();
            } catch (Exception e) {
                closedByServer.run();
            }
        });
        try {
            OutputStream out = socket.getOutputStream();
            String head = body
                    ? "POST /api/v1/automation/events HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + key
                      + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                    : "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int k = 0; System.nanoTime() < end && done.get() == 0; k++) {
                long sleepMs = Math.min(TimeUnit.SECONDS.toMillis(interval), TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
                if (sleepMs <= 0) {
                    break;
                }
                Thread.sleep(sleepMs);
                if (System.nanoTime() >= end) {
                    break;
                }
                out.write((body ? " " : "X-Slow-" + n + "-" + k + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (Exception e) {
            closedByServer.run();
        }
    }
}
