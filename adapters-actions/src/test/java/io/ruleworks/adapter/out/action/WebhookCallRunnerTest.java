package io.ruleworks.adapter.out.action;

import io.micronaut.serde.ObjectMapper;
import io.ruleworks.adapter.out.action.net.AddressPolicy;
import io.ruleworks.adapter.out.action.net.LoopbackServer;
import io.ruleworks.adapter.out.action.net.OutboundHttp;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner.Invocation;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** webhook_call against real HTTP peers on loopback; 127.0.0.1 is allowlisted, 127.0.0.2 is not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookCallRunnerTest {

    private static final String SECRET = "test-signing-secret";
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");

    private LoopbackServer server;
    private LoopbackServer refused;
    private OutboundHttp http;
    private WebhookCallRunner runner;

    @BeforeAll
    void start() throws IOException {
        server = LoopbackServer.on127001();
        refused = new LoopbackServer("127.0.0.2");
        http = new OutboundHttp(new AddressPolicy(List.of("127.0.0.1/32")), 3, Duration.ofSeconds(2));
        runner = new WebhookCallRunner(http, new WebhookSigner(SECRET, Clock.fixed(NOW, ZoneOffset.UTC)),
                ObjectMapper.getDefault());
    }

    @AfterAll
    void stop() {
        http.close();
        server.close();
        refused.close();
    }

    private static Invocation invocation(Map<String, Object> config) {
        return invocation(config, Duration.ofSeconds(5));
    }

    private static Invocation invocation(Map<String, Object> config, Duration timeout) {
        return new Invocation(new TenantId(UUID.randomUUID()), RuleId.newId(), ExecutionId.newId(), 0, 1, 1, config,
                timeout, "exec-1:0:0:1", Map.of(), ActionConfig.parse(ActionType.WEBHOOK_CALL, config));
    }

    private Map<String, Object> config(String path, Object... pairs) {
        Map<String, Object> config = new HashMap<>(Map.of("url", server.url(path).toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            config.put((String) pairs[i], pairs[i + 1]);
        }
        return config;
    }

    private static String hmac(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void the_request_arrives_signed_over_timestamp_and_body() throws Exception {
        runner.run(invocation(config("/signed", "body", Map.of("ticket", "T-1", "n", 3))));

        LoopbackServer.Received received = server.receivedOn("/signed").getFirst();
        String timestamp = received.header("X-Ruleworks-Timestamp");
        assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(received.header("X-Ruleworks-Signature"))
                .isEqualTo("v1=" + hmac(SECRET, timestamp, received.body()));
        assertThat(received.header("X-Ruleworks-Signature"))
                .isNotEqualTo("v1=" + hmac("another-secret", timestamp, received.body()));
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).contains("\"ticket\":\"T-1\"");
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void a_get_is_signed_over_the_empty_body() throws Exception {
        runner.run(invocation(config("/signed-get", "method", "GET", "body", Map.of("ignored", true))));

        LoopbackServer.Received received = server.receivedOn("/signed-get").getFirst();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.body()).isEmpty();
        assertThat(received.header("X-Ruleworks-Signature"))
                .isEqualTo("v1=" + hmac(SECRET, received.header("X-Ruleworks-Timestamp"), new byte[0]));
    }

    @Test
    void the_idempotency_key_and_ids_are_sent_and_config_headers_cannot_replace_them() throws Exception {
        Invocation call = invocation(config("/ids", "headers", Map.of("Idempotency-Key", "forged",
                "X-Ruleworks-Signature", "v1=forged", "X-Custom", "kept")));

        runner.run(call);

        LoopbackServer.Received received = server.receivedOn("/ids").getFirst();
        assertThat(received.headers().get("Idempotency-Key")).containsExactly("exec-1:0:0:1");
        assertThat(received.headers().get("X-Ruleworks-Signature")).hasSize(1).first().asString().startsWith("v1=")
                .isNotEqualTo("v1=forged");
        assertThat(received.header("X-Ruleworks-Execution-Id")).isEqualTo(call.executionId().toString());
        assertThat(received.header("X-Ruleworks-Rule-Id")).isEqualTo(call.ruleId().toString());
        assertThat(received.header("X-Custom")).isEqualTo("kept");
        assertThat(received.header("User-Agent")).isEqualTo("Ruleworks/1");
    }

    @Test
    void basic_authentication_is_sent() throws Exception {
        runner.run(invocation(config("/basic", "authentication", Map.of("type", "basic",
                "credentials", Map.of("username", "ops", "password", "pä55")))));

        assertThat(server.receivedOn("/basic").getFirst().header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("ops:pä55".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bearer_authentication_is_sent() throws Exception {
        runner.run(invocation(config("/bearer", "authentication", Map.of("type", "bearer",
                "credentials", Map.of("token", "tok-123")))));

        assertThat(server.receivedOn("/bearer").getFirst().header("Authorization")).isEqualTo("Bearer tok-123");
    }

    @Test
    void api_key_authentication_is_sent_in_its_header() throws Exception {
        runner.run(invocation(config("/api-key", "authentication", Map.of("type", "api_key",
                "credentials", Map.of("header", "X-Service-Key", "key", "k-9")))));
        runner.run(invocation(config("/api-key-default", "authentication", Map.of("type", "api_key",
                "credentials", Map.of("key", "k-10")))));

        assertThat(server.receivedOn("/api-key").getFirst().header("X-Service-Key")).isEqualTo("k-9");
        assertThat(server.receivedOn("/api-key-default").getFirst().header("X-API-Key")).isEqualTo("k-10");
    }

    @Test
    void the_result_holds_status_parsed_json_body_headers_and_duration() throws Exception {
        server.on("/json", e -> {
            e.getResponseHeaders().set("X-Request-Id", "req-7");
            LoopbackServer.respond(e, 201, "{\"id\":\"remote-42\",\"n\":[1,2]}");
        });

        Map<String, Object> result = runner.run(invocation(config("/json")));

        assertThat(result).containsEntry("status_code", 201).containsEntry("truncated", false)
                .containsEntry("body", Map.of("id", "remote-42", "n", List.of(1, 2)));
        assertThat(result.get("headers")).isEqualTo(Map.of("content-type", "application/json", "x-request-id", "req-7"));
        assertThat(result.get("duration_ms")).isInstanceOf(Long.class);
    }

    @Test
    void a_body_beyond_64_kib_is_cut_and_kept_as_text() throws Exception {
        byte[] big = ("{\"pad\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        server.on("/big", e -> LoopbackServer.respond(e, 200, big, "application/json"));

        Map<String, Object> result = runner.run(invocation(config("/big")));

        assertThat(result).containsEntry("truncated", true);
        assertThat((String) result.get("body")).hasSize(WebhookCallRunner.MAX_RESPONSE_BYTES);
    }

    @ParameterizedTest(name = "HTTP {0} -> retryable {1}")
    @CsvSource({"500, true", "502, true", "503, true", "408, true", "429, true",
            "400, false", "401, false", "404, false", "422, false"})
    void an_error_status_fails_retryably_only_for_5xx_408_and_429(int status, boolean retryable) {
        server.on("/status-" + status, e -> LoopbackServer.respond(e, status, "{}"));

        assertThatThrownBy(() -> runner.run(invocation(config("/status-" + status))))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("WEBHOOK_HTTP_" + status);
                    assertThat(e.retryable()).isEqualTo(retryable);
                });
    }

    @Test
    void a_timeout_fails_retryably() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/slow", e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            LoopbackServer.respond(e, 200, "{}");
        });
        try {
            assertThatThrownBy(() -> runner.run(invocation(config("/slow", "timeout_seconds", 1), Duration.ofSeconds(30))))
                    .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo("WEBHOOK_TIMEOUT");
                        assertThat(e.retryable()).isTrue();
                    });
        } finally {
            release.countDown();
        }
    }

    @Test
    void loopback_outside_the_allowlist_is_refused_for_good_without_a_connection() {
        Map<String, Object> config = new HashMap<>(Map.of("url", refused.url("/never").toString()));

        assertThatThrownBy(() -> runner.run(invocation(config)))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("WEBHOOK_ADDRESS_REFUSED");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("127.0.0.2").contains("loopback");
                });
        assertThat(refused.received()).isEmpty();
    }

    @Test
    void a_redirect_to_a_refused_address_fails_at_the_hop() {
        server.on("/bounce", LoopbackServer.redirect(307, refused.url("/bounced").toString()));

        assertThatThrownBy(() -> runner.run(invocation(config("/bounce"))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.code()).isEqualTo("WEBHOOK_ADDRESS_REFUSED"));
        assertThat(refused.received()).isEmpty();
    }

    @Test
    void too_many_redirects_fail_for_good() {
        server.on("/circle", LoopbackServer.redirect(302, "/circle"));

        assertThatThrownBy(() -> runner.run(invocation(config("/circle"))))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("WEBHOOK_TOO_MANY_REDIRECTS");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void a_header_that_breaks_the_line_after_rendering_is_refused() {
        assertThatThrownBy(() -> runner.run(invocation(config("/inject", "headers",
                Map.of("X-Title", "a\r\nX-Injected: 1")))))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_ACTION_CONFIG");
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(server.receivedOn("/inject")).isEmpty();
    }

    @Test
    void a_header_owned_by_the_http_client_is_refused() {
        assertThatThrownBy(() -> runner.run(invocation(config("/host", "headers", Map.of("Host", "internal")))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.code()).isEqualTo("INVALID_ACTION_CONFIG"));
    }
}
