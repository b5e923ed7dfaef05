import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Sequential latency of GET requests over loopback: for each path, WARM unmeasured requests, then
 * N measured ones, one at a time on a kept-alive connection. Every answer must be 200.
 *
 * Run: javac -d DIR bench/LatencyLoop.java bench/StatsLatency.java; java -cp DIR StatsLatency BASE_URL API_KEY WARM N PATH...
 * Prints one table row per path: p50 / p95 / max in ms (client-side, whole request).
 */
public class StatsLatency {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        LatencyLoop.requireLoopback(base);
        String key = args[1];
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        LatencyLoop.run("request", 100, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Arrays.asList(args).subList(4, args.length),
                path -> HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", key)
                        .timeout(Duration.ofSeconds(30)).GET().build(),
                request -> send(client, request));
    }

    private static String send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
