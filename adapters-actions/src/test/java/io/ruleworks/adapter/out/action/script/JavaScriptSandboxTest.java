package io.ruleworks.adapter.out.action.script;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox itself, in this JVM: results, isolation, limits and error reports. */
class JavaScriptSandboxTest {

    private static final String CONTEXT = """
            {"trigger":{"ticket":{"id":"t-1","priority":3,"tags":["a","b"]}},
             "actions":{"1":{"status":"completed","result":{"count":2}}},
             "execution":{"id":"e-1"},"rule":{"id":"r-1","name":"Escalate"}}""";

    private static JavaScriptSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new JavaScriptSandbox(1_000_000, 64 * 1024);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static ScriptOutcome run(String script) {
        return sandbox.run(script, CONTEXT, "{\"REGION\":\"eu\"}", Duration.ofSeconds(5));
    }

    @Test
    void returns_json_computed_from_the_context_and_env() {
        ScriptOutcome outcome = run("""
                const t = context.trigger.ticket;
                return { id: t.id, urgent: t.priority > 2, tags: t.tags.length + context.actions['1'].result.count,
                         region: env.REGION, rule: context.rule.name };
                """);

        assertThat(outcome.code()).isEqualTo(ScriptOutcome.OK);
        assertThat(outcome.payload()).isEqualTo(
                "{\"id\":\"t-1\",\"urgent\":true,\"tags\":4,\"region\":\"eu\",\"rule\":\"Escalate\"}");
    }

    @Test
    void a_script_without_return_gives_null() {
        assertThat(run("const x = 1;").payload()).isEqualTo("null");
    }

    @Test
    void the_context_is_frozen() {
        ScriptOutcome outcome = run("""
                'use strict';
                context.trigger.ticket.priority = 9;
                return 1;
                """);

        assertThat(outcome.code()).isEqualTo(JavaScriptSandbox.SCRIPT_ERROR);
        assertThat(outcome.payload()).contains("TypeError");
    }

    @Test
    void an_endless_loop_stops_at_the_statement_limit() {
        long started = System.nanoTime();

        ScriptOutcome outcome = run("while (true) {}");

        assertThat(outcome.code()).isEqualTo(JavaScriptSandbox.SCRIPT_STATEMENT_LIMIT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void an_endless_loop_stops_at_the_timeout_when_statements_allow_more() {
        try (JavaScriptSandbox generous = new JavaScriptSandbox(Long.MAX_VALUE, 1024)) {
            long started = System.nanoTime();

            ScriptOutcome outcome = generous.run("while (true) {}", "{}", "{}", Duration.ofMillis(500));

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(outcome.code()).isEqualTo(JavaScriptSandbox.SCRIPT_TIMEOUT);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Java", "Polyglot", "java", "Packages", "load", "loadWithNewGlobal", "require",
            "fetch", "process", "print", "printErr", "console", "Graal", "quit", "readline", "readFully",
            "XMLHttpRequest", "WebAssembly", "Deno", "Bun"})
    void host_and_shell_globals_are_absent(String global) {
        assertThat(run("return typeof " + global + ";").payload()).isEqualTo("\"undefined\"");
    }

    @Test
    void java_types_cannot_be_reached() {
        assertThat(run("return Java.type('java.lang.System').exit(1);").code()).isEqualTo(JavaScriptSandbox.SCRIPT_ERROR);
        assertThat(run("return Polyglot.eval('python', '1');").payload()).contains("ReferenceError");
    }

    @Test
    void module_imports_are_refused() {
        assertThat(run("import fs from 'fs';").code()).isEqualTo(JavaScriptSandbox.SCRIPT_SYNTAX_ERROR);
        // Promise jobs run when the script's function returns, before its result is read.
        assertThat(run("""
                const out = {};
                import('/etc/passwd').then(() => { out.loaded = true; }, e => { out.error = String(e); });
                return out;
                """).payload()).contains("\"error\"").doesNotContain("loaded");
    }

    @Test
    void many_runs_share_one_engine_with_a_fresh_context_each() {
        for (int i = 0; i < 50; i++) {
            run("return context.rule.name;");
        }
        int runs = 200;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            assertThat(run("return context.rule.name;").payload()).isEqualTo("\"Escalate\"");
        }
        double msPerRun = (System.nanoTime() - started) / 1e6 / runs;
        System.out.printf("JavaScriptSandbox: %.2f ms per trivial run over %d runs (in-process)%n", msPerRun, runs);
        assertThat(msPerRun).isLessThan(100);
    }

    @Test
    void eval_stays_inside_the_sandbox() {
        assertThat(run("return eval('typeof Java') + ',' + new Function('return typeof load')();").payload())
                .isEqualTo("\"undefined,undefined\"");
    }

    @Test
    void a_syntax_error_names_its_line() {
        ScriptOutcome outcome = run("const a = 1;\nconst b = ;\nreturn a;");

        assertThat(outcome.code()).isEqualTo(JavaScriptSandbox.SCRIPT_SYNTAX_ERROR);
        assertThat(outcome.payload()).contains("line 2");
    }

    @Test
    void a_thrown_error_reports_its_message_and_script_lines() {
        ScriptOutcome outcome = run("function check(x) {\n  throw new Error('bad ticket ' + x);\n}\nreturn check(7);");

        assertThat(outcome.code()).isEqualTo(JavaScriptSandbox.SCRIPT_ERROR);
        assertThat(outcome.payload()).startsWith("Error: bad ticket 7").contains("at check (line 2)")
                .contains("(line 4)").doesNotContain("com.oracle").doesNotContain("io.ruleworks");
    }

    @Test
    void deep_recursion_is_a_script_error() {
        ScriptOutcome outcome = run("function f(n) { return f(n + 1) + 1; }\nreturn f(0);");

        assertThat(outcome.code()).isIn(JavaScriptSandbox.SCRIPT_ERROR, JavaScriptSandbox.SCRIPT_STATEMENT_LIMIT);
    }

    @Test
    void a_result_larger_than_the_limit_is_refused() {
        ScriptOutcome outcome = run("return 'x'.repeat(70000);");

        assertThat(outcome.code()).isEqualTo(JavaScriptSandbox.SCRIPT_RESULT_TOO_LARGE);
    }

    @Test
    void globals_do_not_leak_from_one_run_to_the_next() {
        run("globalThis.leak = 42; return 1;");

        assertThat(run("return typeof leak;").payload()).isEqualTo("\"undefined\"");
    }
}
