import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sequential latency of GET requests over loopback: for each path, WARM unmeasured requests, then
 * N measured ones, one at a time on a kept-alive connection. Every answer must be 200.
 *
 * Run: java bench/StatsLatency.java BASE_URL API_KEY WARM N PATH...
 * Prints one table row per path: p50 / p95 / max in ms (client-side, whole request).
 */
public class StatsLatency {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String host = URI.create(base).getHost();
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        String key = args[1];
        int warm = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("| %-100s | %7s | %7s | %7s | %8s |%n", "request", "p50 ms", "p95 ms", "max ms", "body B");
        System.out.printf("| %s | ---: | ---: | ---: | ---: |%n", "-".repeat(100));
        for (String path : Arrays.copyOfRange(args, 4, args.length)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", key)
                    .timeout(Duration.ofSeconds(30)).GET().build();
            int size = 0;
            for (int i = 0; i < warm; i++) {
                size = send(client, request).length();
            }
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                send(client, request);
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            ms.sort(null);
            System.out.printf("| %-100s | %7.1f | %7.1f | %7.1f | %8d |%n", path, pct(ms, 50), pct(ms, 95),
                    ms.getLast(), size);
        }
    }

    private static String send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Nearest-rank percentile. */
    private static double pct(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
