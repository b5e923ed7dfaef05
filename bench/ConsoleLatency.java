import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Server-side rendering time of console pages over loopback: signs in at /console/sign-in with the
 * API key (form field api_key), then for each path WARM unmeasured GETs and N measured ones, one
 * at a time on a kept-alive connection, with the session cookie. Every answer must be 200 HTML.
 *
 * Run: java bench/ConsoleLatency.java BASE_URL API_KEY WARM N PATH...
 * Prints one table row per path: p50 / p95 / max in ms (client-side, whole request) and body size.
 */
public class ConsoleLatency {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String host = URI.create(base).getHost();
        if (!host.startsWith("127.") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        int warm = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=" + URLEncoder.encode(args[1], StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new IllegalStateException("sign-in failed: " + signIn.statusCode() + " " + signIn.body())).split(";")[0];
        System.out.printf("| %-70s | %7s | %7s | %7s | %8s |%n", "page", "p50 ms", "p95 ms", "max ms", "body B");
        System.out.printf("| %s | ---: | ---: | ---: | ---: |%n", "-".repeat(70));
        for (String path : Arrays.copyOfRange(args, 4, args.length)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
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
            System.out.printf("| %-70s | %7.1f | %7.1f | %7.1f | %8d |%n", path, pct(ms, 50), pct(ms, 95),
                    ms.getLast(), size);
        }
    }

    private static String send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            throw new IllegalStateException(request.uri() + " -> " + response.statusCode());
        }
        return response.body();
    }

    /** Nearest-rank percentile. */
    private static double pct(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
