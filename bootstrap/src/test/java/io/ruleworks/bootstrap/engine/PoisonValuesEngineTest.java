package io.ruleworks.bootstrap.engine;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, item 1: values PostgreSQL cannot store (U+0000, lone surrogates) in an action's
 * result or failure (webhook bodies, custom_script results and errors, system_command output), through the real engine against PostgreSQL. Each
 * execution ends, its action is called once, and its rule can be deleted afterwards — no lease
 * loop (the lease here is 2 s and expired leases are rescued every 500 ms, so a loop would call
 * the peer again within seconds).
 */
@MicronautTest(transactional = false)
class PoisonValuesEngineTest extends EngineTestBase {

    /** Several lease periods: long enough for a lease loop to show itself as a second call. */
    private static final Duration NO_SECOND_CALL = Duration.ofSeconds(5);

    private PoisonSink sink;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(SHORT_LEASES);
        settings.put("ruleworks.script.processes", "1");
        settings.put("ruleworks.system-command.enabled", "true");
        settings.put("ruleworks.system-command.allowed-executables", "/usr/bin/printf");
        return settings;
    }

    @BeforeAll
    void startSink() throws IOException {
        sink = new PoisonSink();
    }

    @AfterAll
    void stop() {
        sink.close();
    }

    /** An HTTP peer on 127.0.0.1 answering each path with fixed bytes, counting the calls per path. */
    static final class PoisonSink implements AutoCloseable {
        private record Answer(String contentType, byte[] body) {
        }

        private final HttpServer server;
        private final Map<String, Answer> answers = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        PoisonSink() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                Answer answer = answers.getOrDefault(path, new Answer("application/json", "{}".getBytes()));
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(200, answer.body().length);
                exchange.getResponseBody().write(answer.body());
                exchange.close();
            });
            server.start();
        }

        String answer(String path, String contentType, String body) {
            answers.put(path, new Answer(contentType, body.getBytes(StandardCharsets.UTF_8)));
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int calls(String path) {
            AtomicInteger count = calls.get(path);
            return count == null ? 0 : count.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private String rule(Map<String, Object> action) {
        return create(http, manualRule("poison", List.of(action)));
    }

    private static Map<String, Object> webhook(String url) {
        return webhook(1, url);
    }

    private static Map<String, Object> script(String content) {
        return Map.of("type", "custom_script", "order", 1,
                "config", Map.of("script_type", "javascript", "script_content", content));
    }

    /** Runs the rule once and waits for the execution to end (completed, failed or timeout). */
    private Map<String, Object> runToEnd(String rule) {
        String execution = started(rule, Map.of());
        return await().atMost(Duration.ofSeconds(30)).until(() -> http.get(EXECUTIONS + "/" + execution).data(),
                data -> List.of("completed", "failed", "timeout").contains(data.get("status")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Map<String, Object> execution) {
        Map<String, Object> actions = (Map<String, Object>) ((Map<String, Object>) execution.get("execution_context"))
                .get("actions");
        return (Map<String, Object>) ((Map<String, Object>) actions.get("1")).get("result");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Map<String, Object> execution) {
        return (Map<String, Object>) result(execution).get("body");
    }

    private void assertCalledOnceAndDeletable(String path, String rule) {
        await().during(NO_SECOND_CALL).atMost(NO_SECOND_CALL.plusSeconds(5))
                .untilAsserted(() -> assertThat(sink.calls(path)).isEqualTo(1));
        assertThat(http.delete(RULES + "/" + rule).status()).isEqualTo(204);
    }

    @Test
    void a_json_response_with_an_escaped_nul_is_stored_with_the_nul_spelled_out() {
        String path = "/nul-json";
        String rule = rule(webhook(sink.answer(path, "application/json", "{\"a\":\"x\\u0000y\",\"k\\u0000\":1}")));

        Map<String, Object> done = runToEnd(rule);

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(body(done)).containsEntry("a", "x\\u0000y").containsEntry("k\\u0000", 1);
        assertCalledOnceAndDeletable(path, rule);
    }

    @Test
    void a_json_response_with_a_lone_surrogate_is_stored_with_the_replacement_character() {
        String path = "/surrogate-json";
        String rule = rule(webhook(sink.answer(path, "application/json",
                "{\"a\":\"\\ud800\",\"b\":\"x\\udfffy\",\"pair\":\"\\ud83d\\ude00\"}")));

        Map<String, Object> done = runToEnd(rule);

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(body(done)).containsEntry("a", "\uFFFD").containsEntry("b", "x\uFFFDy")
                .containsEntry("pair", "\uD83D\uDE00");
        assertCalledOnceAndDeletable(path, rule);
    }

    @Test
    void a_text_response_with_a_nul_byte_is_stored_with_the_nul_spelled_out() {
        String path = "/nul-text";
        String rule = rule(webhook(sink.answer(path, "text/plain", "before\u0000after")));

        Map<String, Object> done = runToEnd(rule);

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(result(done)).containsEntry("body", "before\\u0000after");
        assertCalledOnceAndDeletable(path, rule);
    }

    @Test
    void a_script_returning_a_nul_completes_with_the_nul_spelled_out() {
        String rule = rule(script("return { text: 'a' + String.fromCharCode(0) + 'b', lone: '\\ud800' };"));

        Map<String, Object> done = runToEnd(rule);

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(result(done)).containsEntry("text", "a\\u0000b").containsEntry("lone", "\uFFFD");
        assertThat(http.delete(RULES + "/" + rule).status()).isEqualTo(204);
    }

    @Test
    void a_script_throwing_a_nul_fails_with_its_message_spelled_out() {
        String rule = rule(script("throw new Error('bad' + String.fromCharCode(0) + 'byte');"));

        Map<String, Object> done = runToEnd(rule);

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("failed");
        assertThat(String.valueOf(done.get("error_message"))).contains("bad\\u0000byte");
        assertThat(http.delete(RULES + "/" + rule).status()).isEqualTo(204);
    }

    @Test
    void a_command_printing_a_nul_completes_with_the_nul_spelled_out() {
        String rule = rule(Map.of("type", "system_command", "order", 1,
                "config", Map.of("command", "/usr/bin/printf", "args", List.of("a\\000b"))));

        Map<String, Object> done = runToEnd(rule);

        assertThat(done.get("status")).as(String.valueOf(done)).isEqualTo("completed");
        assertThat(result(done)).containsEntry("stdout", "a\\u0000b");
        assertThat(http.delete(RULES + "/" + rule).status()).isEqualTo(204);
    }
}
