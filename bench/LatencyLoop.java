import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The timing loop of the sequential latency benchmarks (ConsoleLatency, StatsLatency): for each
 * path, WARM unmeasured requests, then N measured ones, one at a time; prints a Markdown table row
 * per path with p50 / p95 / max in ms (client-side, whole request) and the body size.
 *
 * Compiled with its callers: javac -d DIR bench/LatencyLoop.java bench/StatsLatency.java ...
 */
final class LatencyLoop {

    /** Sends one request and answers its body, or throws when the answer is not what the benchmark expects. */
    @FunctionalInterface
    interface Send {
        String send(HttpRequest request) throws Exception;
    }

    private LatencyLoop() {
    }

    /** Refuses any target but loopback. */
    static void requireLoopback(String base) {
        String host = URI.create(base).getHost();
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
    }

    /** Times every path (a {@code width}-wide first column headed {@code column}) and prints the table. */
    static void run(String column, int width, int warm, int n, List<String> paths,
                    Function<String, HttpRequest> request, Send send) throws Exception {
        String row = "| %-" + width + "s | %7.1f | %7.1f | %7.1f | %8d |%n";
        System.out.printf("| %-" + width + "s | %7s | %7s | %7s | %8s |%n", column, "p50 ms", "p95 ms", "max ms",
                "body B");
        System.out.printf("| %s | ---: | ---: | ---: | ---: |%n", "-".repeat(width));
        for (String path : paths) {
            HttpRequest get = request.apply(path);
            int size = 0;
            for (int i = 0; i < warm; i++) {
                size = send.send(get).length();
            }
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                send.send(get);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            ms.sort(null);
            System.out.printf(row, path, pct(ms, 50), pct(ms, 95), ms.getLast(), size);
        }
    }

    /** Nearest-rank percentile. */
    static double pct(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
