package io.ruleworks.adapter.out.action.command;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner.Invocation;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.ActionCapabilities;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Real processes: allowlisted executables only, arguments passed literally, bounded output, timeouts kill. */
class SystemCommandRunnerTest {

    private static final ActionCapabilities CAPABILITIES = new ActionCapabilities(Set.of(), Map.of(),
            Set.of("/bin/echo", "/bin/sleep", "/usr/bin/seq", "/bin/sh", "/usr/bin/env", "/bin/pwd"), Set.of("/tmp"));

    private final SystemCommandRunner runner = new SystemCommandRunner(CAPABILITIES, 64 * 1024);

    private static Invocation invocation(Map<String, Object> config, Duration timeout) {
        return new Invocation(new TenantId(UUID.randomUUID()), RuleId.newId(), ExecutionId.newId(), 0, 1, 1, config,
                timeout, "k", Map.of(), ActionConfig.parse(ActionType.SYSTEM_COMMAND, config));
    }

    private Map<String, Object> run(Object... keysAndValues) throws InterruptedException {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return runner.run(invocation(config, Duration.ofSeconds(20)));
    }

    private ActionFailedException failure(Object... keysAndValues) {
        return catchThrowableOfType(ActionFailedException.class, () -> run(keysAndValues));
    }

    @Test
    void an_allowlisted_executable_runs_with_its_arguments_and_its_output_is_recorded() throws InterruptedException {
        Map<String, Object> result = run("command", "/bin/echo", "args", List.of("hello", "world"));

        assertThat(result).containsEntry("command", "/bin/echo").containsEntry("exit_code", 0)
                .containsEntry("stdout", "hello world\n").containsEntry("stderr", "")
                .containsEntry("stdout_truncated", false).containsEntry("stderr_truncated", false)
                .containsKey("duration_ms");
    }

    @Test
    void a_bare_name_runs_the_one_allowlisted_executable_of_that_name() throws InterruptedException {
        assertThat(run("command", "echo", "args", List.of("x"))).containsEntry("command", "/bin/echo");
    }

    @Test
    void an_executable_outside_the_allowlist_is_refused_without_running() {
        for (String command : List.of("/bin/cat", "cat", "/bin/../bin/echo", "./echo", "/bin/echo; id")) {
            ActionFailedException refused = failure("command", command, "args", List.of("/etc/passwd"));

            assertThat(refused.code()).as(command).isEqualTo("COMMAND_NOT_ALLOWED");
            assertThat(refused.retryable()).isFalse();
        }
    }

    @Test
    void shell_metacharacters_in_arguments_are_passed_literally_and_nothing_is_executed() throws Exception {
        Path marker = Path.of("/tmp", "ruleworks-injection-" + UUID.randomUUID());
        List<String> args = List.of("$(touch " + marker + ")", "`touch " + marker + "`", "; touch " + marker,
                "| touch " + marker, "&& touch " + marker, "$HOME", "*");

        Map<String, Object> result = run("command", "/bin/echo", "args", args);

        assertThat(result.get("stdout")).isEqualTo(String.join(" ", args) + "\n");
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void the_environment_is_clean_and_minimal() throws InterruptedException {
        Map<String, Object> result = run("command", "/usr/bin/env");

        assertThat(((String) result.get("stdout")).lines().sorted().toList())
                .containsExactly("LANG=C.UTF-8", "PATH=/usr/bin:/bin");
    }

    @Test
    void the_working_directory_is_root_unless_an_allowlisted_one_is_named() throws InterruptedException {
        assertThat(run("command", "/bin/pwd")).containsEntry("stdout", "/\n");
        assertThat(run("command", "/bin/pwd", "working_directory", "/tmp")).containsEntry("stdout", "/tmp\n");
        assertThat(failure("command", "/bin/pwd", "working_directory", "/etc").code()).isEqualTo("COMMAND_NOT_ALLOWED");
        assertThat(failure("command", "/bin/pwd", "working_directory", "/tmp/../etc").code())
                .isEqualTo("COMMAND_NOT_ALLOWED");
    }

    @Test
    void a_working_directory_reached_through_a_link_is_judged_where_the_link_leads() throws Exception {
        Path link = Path.of("/tmp", "ruleworks-link-" + UUID.randomUUID());
        Files.createSymbolicLink(link, Path.of("/etc"));
        try {
            assertThat(failure("command", "/bin/pwd", "working_directory", link.toString()).code())
                    .isEqualTo("COMMAND_NOT_ALLOWED");
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void a_non_zero_exit_fails_for_good_with_the_code_and_stderr() {
        ActionFailedException failed = failure("command", "/bin/sh", "args", List.of("-c", "echo broken >&2; exit 3"));

        assertThat(failed.code()).isEqualTo("COMMAND_FAILED");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.getMessage()).isEqualTo("/bin/sh exited with code 3: broken");
    }

    @Test
    void output_beyond_the_bound_is_dropped_and_flagged() throws InterruptedException {
        Map<String, Object> result = run("command", "/usr/bin/seq", "args", List.of("1", "200000"));

        assertThat(result).containsEntry("exit_code", 0).containsEntry("stdout_truncated", true);
        assertThat(((String) result.get("stdout")).length()).isEqualTo(64 * 1024);
        assertThat((String) result.get("stdout")).startsWith("1\n2\n3\n");
    }

    @Test
    void a_command_that_outlasts_its_timeout_is_killed_with_its_children() {
        String marker = "37." + (1000 + (int) (Math.random() * 8999));
        long started = System.nanoTime();

        ActionFailedException failed = failure("command", "/bin/sh", "timeout_seconds", 1,
                "args", List.of("-c", "/bin/sleep " + marker + " & /bin/sleep " + marker + "; wait"));

        assertThat(failed.code()).isEqualTo("COMMAND_TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(sleepersWith(marker)).isZero();
    }

    @Test
    void a_command_whose_action_is_abandoned_by_the_engine_is_killed() throws Exception {
        String marker = "38." + (1000 + (int) (Math.random() * 8999));
        ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<Map<String, Object>> running = thread.submit(() -> runner.run(invocation(
                    Map.of("command", "/bin/sleep", "args", List.of(marker)), Duration.ofSeconds(60))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sleepersWith(marker) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sleepersWith(marker)).isEqualTo(1);

            running.cancel(true);

            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sleepersWith(marker) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sleepersWith(marker)).isZero();
            assertThatThrownBy(() -> running.get(1, TimeUnit.SECONDS)).isNotInstanceOf(TimeoutException.class);
        } finally {
            thread.shutdownNow();
        }
    }

    private static long sleepersWith(String marker) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
                .count();
    }
}
