package io.ruleworks.adapter.out.action.script;

import io.micronaut.json.JsonMapper;
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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner end to end through its pool of child JVMs: results, limits, memory and reuse. */
class CustomScriptRunnerTest {

    private static CustomScriptRunner runner;

    @BeforeAll
    static void start() {
        runner = new CustomScriptRunner(JsonMapper.createDefault(), 1, 64, 5_000_000, 64 * 1024);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static Invocation invocation(String script, Duration timeout, Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("script_type", "javascript");
        config.put("script_content", script);
        config.putAll(extra);
        Map<String, Object> context = Map.of(
                "trigger", Map.of("ticket", Map.of("id", "t-9", "hours", List.of(1.5, 2, 3.5))),
                "actions", Map.of("1", Map.of("status", "completed", "result", Map.of("n", 10))),
                "execution", Map.of("id", "e-1"), "rule", Map.of("name", "Bill hours"));
        return new Invocation(new TenantId(UUID.randomUUID()), new RuleId(UUID.randomUUID()), new ExecutionId(UUID.randomUUID()),
                1, 2, 1, config, timeout, "key", context, ActionConfig.parse(ActionType.CUSTOM_SCRIPT, config));
    }

    private static Map<String, Object> run(String script) throws InterruptedException {
        return runner.run(invocation(script, Duration.ofSeconds(30), Map.of()));
    }

    @Test
    void returns_the_object_the_script_computes_from_its_context() throws InterruptedException {
        Map<String, Object> result = runner.run(invocation("""
                const hours = context.trigger.ticket.hours.reduce((a, b) => a + b, 0);
                return { ticket: context.trigger.ticket.id, hours, base: context.actions['1'].result.n, env: env.MODE };
                """, Duration.ofSeconds(30), Map.of("environment_variables", Map.of("MODE", "strict"))));

        assertThat(result).containsEntry("ticket", "t-9").containsEntry("base", 10).containsEntry("env", "strict");
        assertThat(((Number) result.get("hours")).doubleValue()).isEqualTo(7.0);
    }

    @Test
    void a_value_that_is_not_an_object_is_wrapped() throws InterruptedException {
        assertThat(run("return [1, 2];")).isEqualTo(Map.of("value", List.of(1, 2)));
    }

    @Test
    void an_allocation_bomb_ends_only_its_child_process() throws InterruptedException {
        long started = System.nanoTime();

        assertThatThrownBy(() -> run("""
                const hoard = [];
                while (true) { hoard.push('x'.repeat(1 << 20) + hoard.length); }
                """))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ScriptProcessPool.SCRIPT_MEMORY_LIMIT);
                    assertThat(e.retryable()).isFalse();
                });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(run("return {ok: true};")).containsEntry("ok", true);
    }

    @Test
    void one_huge_allocation_ends_only_its_child_process() throws InterruptedException {
        assertThatThrownBy(() -> run("return new Float64Array(64 * 1024 * 1024).length;"))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(ScriptProcessPool.SCRIPT_MEMORY_LIMIT));

        assertThat(run("return {ok: true};")).containsEntry("ok", true);
    }

    @Test
    void an_endless_loop_stops_at_the_statement_limit() {
        assertThatThrownBy(() -> run("for (;;) {}"))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(JavaScriptSandbox.SCRIPT_STATEMENT_LIMIT);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void a_slow_script_stops_at_its_timeout_seconds() throws InterruptedException {
        // Few statements, much time each: the timeout ends it, not the statement limit.
        run("return 0;");
        long started = System.nanoTime();

        assertThatThrownBy(() -> runner.run(invocation("""
                let s = 'x';
                for (let i = 0; i < 1e6; i++) { s = JSON.stringify([s, s]).slice(0, 4096).repeat(200); }
                """, Duration.ofSeconds(30), Map.of("timeout_seconds", 1))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(JavaScriptSandbox.SCRIPT_TIMEOUT));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(run("return {after: 'timeout'};")).containsEntry("after", "timeout");
    }

    @Test
    void starting_a_cold_process_does_not_count_against_the_script_timeout() throws InterruptedException {
        CustomScriptRunner cold = new CustomScriptRunner(JsonMapper.createDefault(), 1, 64, 1_000, 1024);
        try {
            assertThat(cold.run(invocation("return {warm: true};", Duration.ofSeconds(1), Map.of())))
                    .containsEntry("warm", true);
        } finally {
            cold.close();
        }
    }

    @Test
    void an_interrupted_run_stops_its_process_and_the_next_run_gets_a_new_one() throws Exception {
        // no statement limit: only the interrupt may end this run
        CustomScriptRunner unlimited = new CustomScriptRunner(JsonMapper.createDefault(), 1, 64, Long.MAX_VALUE,
                64 * 1024);
        unlimited.run(invocation("return 0;", Duration.ofSeconds(30), Map.of()));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                unlimited.run(invocation("while (true) { Math.sqrt(2); }", Duration.ofSeconds(60),
                        Map.of("timeout_seconds", 60)));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Thread.sleep(300); // let the script start: interrupting before it would test nothing
        long interrupted = System.nanoTime();

        caller.interrupt();
        caller.join(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(2));
        try {
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(unlimited.run(invocation("return {after: 'interrupt'};", Duration.ofSeconds(30), Map.of())))
                    .containsEntry("after", "interrupt");
        } finally {
            unlimited.close();
        }
    }

    @Test
    void a_run_that_finds_no_free_process_in_time_fails_retryably() throws Exception {
        CustomScriptRunner single = new CustomScriptRunner(JsonMapper.createDefault(), 1, 64, Long.MAX_VALUE, 1024);
        try {
            single.run(invocation("return 0;", Duration.ofSeconds(30), Map.of()));
            Thread busy = Thread.ofVirtual().start(() -> {
                try {
                    single.run(invocation("while (true) {}", Duration.ofSeconds(30), Map.of("timeout_seconds", 3)));
                } catch (Exception expected) {
                    // SCRIPT_TIMEOUT
                }
            });
            Thread.sleep(300);

            assertThatThrownBy(() -> single.run(invocation("return 1;", Duration.ofSeconds(30),
                    Map.of("timeout_seconds", 1))))
                    .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo(ScriptProcessPool.SCRIPT_BUSY);
                        assertThat(e.retryable()).isTrue();
                    });
            busy.join(Duration.ofSeconds(10));
        } finally {
            single.close();
        }
    }

    @Test
    void a_script_error_fails_without_retry_and_names_the_line() {
        assertThatThrownBy(() -> run("const x = null;\nreturn x.field;"))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(JavaScriptSandbox.SCRIPT_ERROR);
                    assertThat(e.getMessage()).contains("TypeError").contains("line 2");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void the_child_process_sees_no_environment_and_no_host() throws InterruptedException {
        assertThat(run("return {java: typeof Java, env: Object.keys(env).length, process: typeof process};"))
                .isEqualTo(Map.of("java", "undefined", "env", 0, "process", "undefined"));
    }

    @Test
    void the_script_timeout_ends_before_the_action_timeout() {
        assertThat(CustomScriptRunner.timeout(Optional.empty(), Duration.ofSeconds(30))).isEqualTo(Duration.ofMillis(29_500));
        assertThat(CustomScriptRunner.timeout(Optional.of(Duration.ofSeconds(5)), Duration.ofSeconds(30)))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(CustomScriptRunner.timeout(Optional.empty(), Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void sequential_runs_reuse_the_warm_child() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            run("return {i: context.trigger.ticket.id};");
        }
        int runs = 200;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            assertThat(run("return {i: context.trigger.ticket.id};")).containsEntry("i", "t-9");
        }
        double msPerRun = (System.nanoTime() - started) / 1e6 / runs;
        System.out.printf("custom_script: %.2f ms per trivial run over %d runs (child JVM, interpreter only)%n",
                msPerRun, runs);
        assertThat(msPerRun).isLessThan(100);
    }
}
