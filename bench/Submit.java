import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits COUNT executions of one rule at RATE per second, round-robin over one or more loopback
 * instances: each request starts on schedule whatever earlier ones did (open loop), but at most
 * MAX_IN_FLIGHT are outstanding at once, so a saturated service is offered what it can take
 * rather than a growing pile of requests that time out. Each
 * request carries Idempotency-Key PREFIX-i; a request that cannot reach its instance (connection
 * refused or reset: a killed instance) is sent once more to the next instance with the same key,
 * as a client with a load balancer would. A request is "accepted" when answered 201.
 *
 * No request is started after COUNT / RATE + 30 seconds (counted as not_sent), so a stalled
 * service cannot stretch the run.
 *
 * Run: java bench/Submit.java BASE_URLS(comma-separated) API_KEY RULE_ID COUNT RATE PREFIX [TIMEOUT_S] [MAX_IN_FLIGHT]
 * Prints one line: accepted=N and the other outcomes by status or error, and the slowest answer.
 */
public class Submit {
    public static void main(String[] args) throws Exception {
        String[] bases = args[0].split(",");
        for (String base : bases) {
            if (!URI.create(base).getHost().startsWith("127.")) {
                throw new IllegalArgumentException("loopback only: " + base);
            }
        }
        String key = args[1];
        String rule = args[2];
        int count = Integer.parseInt(args[3]);
        double rate = Double.parseDouble(args[4]);
        String prefix = args[5];
        Duration timeout = Duration.ofSeconds(args.length > 6 ? Long.parseLong(args[6]) : 30);
        Semaphore inFlight = new Semaphore(args.length > 7 ? Integer.parseInt(args[7]) : 32);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failedOver = new AtomicInteger();
        long[] slowestMs = {0};
        long start = System.nanoTime();
        long lastStart = start + (long) (count / rate * 1e9) + TimeUnit.SECONDS.toNanos(30);
        List<Thread> threads = new ArrayList<>();
        int notSent = 0;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            long left = lastStart - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                notSent = count - i;
                break;
            }
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    send(http, bases, key, rule, prefix, timeout, n, accepted, failedOver, outcomes, slowestMs);
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        StringBuilder line = new StringBuilder("submitted=" + (count - notSent) + " accepted=" + accepted.get()
                + " failed_over=" + failedOver.get() + " not_sent=" + notSent);
        new TreeMap<>(outcomes).forEach((k, v) -> line.append(' ').append(k).append('=').append(v.get()));
        line.append(" slowest_answer_ms=").append(slowestMs[0]).append(" took_s=").append(tookMs / 1000);
        System.out.println(line);
    }

    private static void send(HttpClient http, String[] bases, String key, String rule, String prefix, Duration timeout,
                             int n, AtomicInteger accepted, AtomicInteger failedOver,
                             Map<String, AtomicInteger> outcomes, long[] slowestMs) {
        String body = "{\"automation_rule_id\":\"" + rule + "\",\"execution_data\":{\"n\":" + n + "}}";
        for (int attempt = 0; attempt < Math.min(2, bases.length); attempt++) {
            String base = bases[(n + attempt) % bases.length];
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/automation/rules/" + rule
                            + "/execute")).timeout(timeout).header("x-api-key", key)
                    .header("content-type", "application/json").header("Idempotency-Key", prefix + "-" + n)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                record(slowestMs, sent);
                if (response.statusCode() == 201) {
                    accepted.incrementAndGet();
                } else {
                    String code = response.body().replaceAll("(?s).*\"code\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
                    outcomes.computeIfAbsent("http_" + response.statusCode()
                            + (code.length() < 40 ? "_" + code : ""), k -> new AtomicInteger()).incrementAndGet();
                }
                return;
            } catch (HttpTimeoutException e) {
                record(slowestMs, sent);
                outcomes.computeIfAbsent("timeout", k -> new AtomicInteger()).incrementAndGet();
                return;
            } catch (ConnectException e) {
                if (attempt + 1 < Math.min(2, bases.length)) {
                    failedOver.incrementAndGet();
                    outcomes.computeIfAbsent("failover_connect", k -> new AtomicInteger()).incrementAndGet();
                    continue;
                }
                outcomes.computeIfAbsent("connect_refused", k -> new AtomicInteger()).incrementAndGet();
                return;
            } catch (Exception e) {
                if (attempt + 1 < Math.min(2, bases.length)) {
                    failedOver.incrementAndGet();
                    outcomes.computeIfAbsent("failover_" + e.getClass().getSimpleName(),
                            k -> new AtomicInteger()).incrementAndGet();
                    continue;
                }
                outcomes.computeIfAbsent("io_error", k -> new AtomicInteger()).incrementAndGet();
                return;
            }
        }
    }

    private static synchronized void record(long[] slowest, long sent) {
        slowest[0] = Math.max(slowest[0], (System.nanoTime() - sent) / 1_000_000);
    }
}
