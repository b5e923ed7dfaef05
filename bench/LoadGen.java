import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load generator: sends POST /rules/{id}/execute at a fixed rate (requests are started
 * on schedule whether or not earlier ones have answered, up to an in-flight cap), round-robin over
 * the rule ids in a file, for a fixed duration, against a loopback base URL only.
 *
 * Run: java bench/LoadGen.java BASE_URL API_KEY RULES_FILE RATE_PER_SEC SECONDS [MAX_IN_FLIGHT]
 * Prints: sent, status counts, HTTP latency p50/p95/p99 (ms).
 */
public class LoadGen {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        if (!URI.create(base).getHost().startsWith("127.") && !URI.create(base).getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        String key = args[1];
        List<String> rules = Files.readAllLines(Path.of(args[2])).stream().filter(s -> !s.isBlank()).toList();
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int maxInFlight = args.length > 5 ? Integer.parseInt(args[5]) : 2000;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long total = (long) rate * seconds;
        long[] latencies = new long[(int) total];
        AtomicInteger recorded = new AtomicInteger();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        CountDownLatch done = new CountDownLatch((int) total);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long dropped = 0;
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire()) {
                dropped++;
                done.countDown();
                continue;
            }
            String rule = rules.get((int) (i % rules.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/automation/rules/" + rule + "/execute"))
                    .timeout(Duration.ofSeconds(30))
                    .header("x-api-key", key).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"automation_rule_id\":\"" + rule
                            + "\",\"execution_data\":{\"n\":" + i + "}}"))
                    .build();
            long sent = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null) {
                    errors.incrementAndGet();
                } else {
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    latencies[recorded.getAndIncrement()] = System.nanoTime() - sent;
                }
                inFlight.release();
                done.countDown();
            });
        }
        long sendingTook = System.nanoTime() - start;
        done.await(60, TimeUnit.SECONDS);
        long[] sorted = Arrays.copyOf(latencies, recorded.get());
        Arrays.sort(sorted);
        System.out.printf("sent=%d in %.2fs (offered %.0f/s) dropped_at_cap=%d errors=%d statuses=%s%n", total - dropped,
                sendingTook / 1e9, (total - dropped) / (sendingTook / 1e9), dropped, errors.get(), new TreeMap<>(statuses));
        System.out.printf("http_latency_ms p50=%.2f p95=%.2f p99=%.2f max=%.2f%n", pct(sorted, 50), pct(sorted, 95),
                pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
