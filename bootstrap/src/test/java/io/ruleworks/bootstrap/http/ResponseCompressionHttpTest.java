package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * gzip for a client that asks for it, from 2 KB of body (micronaut.server.netty.compression-threshold):
 * a single rule or execution below that goes out as it is, a list above it compressed.
 */
@MicronautTest(transactional = false)
class ResponseCompressionHttpTest extends HttpTestBase {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void a_response_under_two_kilobytes_is_not_compressed_even_when_the_client_accepts_gzip() throws Exception {
        IssuedApiKey admin = keys().adminOfNewTenant();
        String id = as(admin.apiKey()).post(Api.RULES, aRule().json()).expectStatus(201).data().path("rule_id").asText();

        String plain = as(admin.apiKey()).get(Api.RULES + "/" + id).expectStatus(200).body();

        HttpResponse<byte[]> response = getAcceptingGzip(Api.RULES + "/" + id, admin.apiKey());

        // above Micronaut's own threshold (1 KB): compressed before this setting
        assertThat(plain.length()).as("uncompressed size").isBetween(1025, 2047);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(plain);
    }

    @Test
    void a_list_over_two_kilobytes_is_compressed_and_says_so() throws Exception {
        IssuedApiKey admin = keys().adminOfNewTenant();
        Api client = as(admin.apiKey());
        for (int i = 0; i < 5; i++) {
            client.post(Api.RULES, aRule().named("Digest " + i).json()).expectStatus(201);
        }
        String plain = client.get(Api.RULES + "?limit=25").expectStatus(200).body();

        HttpResponse<byte[]> response = getAcceptingGzip(Api.RULES + "?limit=25", admin.apiKey());

        assertThat(plain.length()).as("uncompressed size").isGreaterThan(2048);
        assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(response.body().length).isLessThan(plain.length());
        assertThat(gunzip(response.body())).isEqualTo(plain);
    }

    private HttpResponse<byte[]> getAcceptingGzip(String path, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("x-api-key", key).header("Accept-Encoding", "gzip").GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
