import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Server-side rendering time of console pages over loopback: signs in at /console/sign-in with the
 * API key (form field api_key), then for each path WARM unmeasured GETs and N measured ones, one
 * at a time on a kept-alive connection, with the session cookie. Every answer must be 200 HTML.
 *
 * Run: javac -d DIR bench/LatencyLoop.java bench/ConsoleLatency.java; java -cp DIR ConsoleLatency BASE_URL API_KEY WARM N PATH...
 * Prints one table row per path: p50 / p95 / max in ms (client-side, whole request) and body size.
 */
public class ConsoleLatency {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        LatencyLoop.requireLoopback(base);
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
        LatencyLoop.run("page", 70, warm, n, Arrays.asList(args).subList(4, args.length),
                path -> HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                        .timeout(Duration.ofSeconds(30)).GET().build(),
                request -> send(client, request));
    }

    private static String send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            throw new IllegalStateException(request.uri() + " -> " + response.statusCode());
        }
        return response.body();
    }
}
