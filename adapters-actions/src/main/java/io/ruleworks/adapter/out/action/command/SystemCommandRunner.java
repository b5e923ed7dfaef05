package io.ruleworks.adapter.out.action.command;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.rule.ActionCapabilities;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.SystemCommandConfig;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * system_command: runs an allowlisted executable with the rendered argument array — through
 * {@link ProcessBuilder}, never a shell, so no argument is ever interpreted — in a clean
 * environment ({@code PATH=/usr/bin:/bin}, {@code LANG=C.UTF-8}, nothing inherited), with stdin
 * empty, in {@code /} or an allowlisted working directory. Stdout and stderr are each kept up to
 * {@code ruleworks.system-command.max-output-bytes} (the rest is read and dropped, flagged as
 * truncated). At the timeout, or when the engine gives up on the action, the process and its
 * descendants get SIGTERM, then SIGKILL after a grace period. Exit code 0 succeeds with
 * {@code {command, exit_code, stdout, stderr, stdout_truncated, stderr_truncated, duration_ms}};
 * any other exit code fails the action (not retryable) with the code and the start of stderr.
 * Present only when {@code ruleworks.system-command.enabled} is true.
 */
@Singleton
@Requires(property = "ruleworks.system-command.enabled", value = "true")
public class SystemCommandRunner implements ActionRunner {

    static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);
    static final int MAX_STDERR_IN_MESSAGE = 1_000;

    private final ActionCapabilities capabilities;
    private final int maxOutputBytes;

    public SystemCommandRunner(ActionCapabilities capabilities,
                               @Value("${ruleworks.system-command.max-output-bytes:65536}") int maxOutputBytes) {
        this.capabilities = capabilities;
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    public ActionType type() {
        return ActionType.SYSTEM_COMMAND;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        SystemCommandConfig config = invocation.typedConfig(SystemCommandConfig.class);
        String command = config.command();
        String executable = capabilities.executable(command).orElseThrow(() -> new ActionFailedException(
                "COMMAND_NOT_ALLOWED", "command " + command + " is not an allowlisted executable", false));
        List<String> commandLine = new ArrayList<>();
        commandLine.add(executable);
        commandLine.addAll(config.args());
        Duration timeout = config.timeout(invocation.timeout());
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(config.workingDirectory().map(this::workingDirectory).orElseGet(() -> new File("/")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(ENVIRONMENT);

        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ActionFailedException("COMMAND_START_FAILED", "could not start " + executable + ": "
                    + e.getMessage(), false, e);
        }
        BoundedCapture stdout = BoundedCapture.start(process.getInputStream(), maxOutputBytes);
        BoundedCapture stderr = BoundedCapture.start(process.getErrorStream(), maxOutputBytes);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new ActionFailedException("COMMAND_TIMEOUT", executable + " did not finish within "
                        + timeout.toSeconds() + " s and was killed", true);
            }
        } finally {
            if (process.isAlive()) {
                // interrupted: the engine gave up on this action
                killTree(process);
            }
            stdout.finish();
            stderr.finish();
        }
        int exit = process.exitValue();
        if (exit != 0) {
            String errors = stderr.text();
            throw new ActionFailedException("COMMAND_FAILED", executable + " exited with code " + exit
                    + (errors.isBlank() ? "" : ": " + (errors.length() > MAX_STDERR_IN_MESSAGE
                    ? errors.substring(0, MAX_STDERR_IN_MESSAGE) + "..." : errors.strip())), false);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", executable);
        result.put("exit_code", exit);
        result.put("stdout", stdout.text());
        result.put("stderr", stderr.text());
        result.put("stdout_truncated", stdout.truncated());
        result.put("stderr_truncated", stderr.truncated());
        result.put("duration_ms", (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    /** {@code /} unless the config names a directory that, with symbolic links resolved, is allowlisted. */
    private File workingDirectory(String directory) {
        Path real;
        try {
            real = Path.of(directory).toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new ActionFailedException("COMMAND_WORKING_DIRECTORY_INVALID", "working_directory " + directory
                    + " does not exist", false);
        }
        if (!capabilities.allowsWorkingDirectory(real.toString()) && capabilities.workingDirectories().stream()
                .noneMatch(allowed -> real.startsWith(realPathOf(allowed)))) {
            throw new ActionFailedException("COMMAND_NOT_ALLOWED", "working_directory " + directory
                    + " is not inside an allowlisted directory", false);
        }
        return real.toFile();
    }

    /** An allowlisted directory with its symbolic links resolved (e.g. {@code /var/run} -> {@code /run}). */
    private static Path realPathOf(String directory) {
        try {
            return Path.of(directory).toRealPath();
        } catch (IOException e) {
            return Path.of(directory);
        }
    }

    /**
     * SIGTERM to the process and every descendant (listed before the parent dies, when they would
     * be re-parented out of reach), SIGKILL to whatever still runs after {@link #KILL_GRACE}. Keeps
     * going when the thread was interrupted and restores the flag after.
     */
    static void killTree(Process process) {
        boolean interrupted = Thread.interrupted();
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.addFirst(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to its end on a virtual thread, keeping the first {@code limit} bytes. */
    static final class BoundedCapture {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean truncated;
        private final Thread reader;

        private BoundedCapture(InputStream in, int limit) {
            this.in = in;
            this.limit = limit;
            this.reader = Thread.ofVirtual().unstarted(this::drain);
        }

        static BoundedCapture start(InputStream in, int limit) {
            BoundedCapture capture = new BoundedCapture(in, limit);
            capture.reader.start();
            return capture;
        }

        private void drain() {
            byte[] buffer = new byte[8_192];
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    int room = limit - kept.size();
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
                    }
                    if (n > room) {
                        truncated = true;
                    }
                }
            } catch (IOException closed) {
                // the pipe was closed by finish(): what was read so far is the output
            }
        }

        /**
         * Waits briefly for the end of the stream; a descendant that still holds the pipe open
         * does not keep the action waiting: the stream is closed and the output is what came so far.
         */
        void finish() throws InterruptedException {
            boolean interrupted = Thread.interrupted();
            try {
                if (!reader.join(OUTPUT_DRAIN)) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // closing a pipe that is already broken
                    }
                    reader.join(OUTPUT_DRAIN);
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }

        boolean truncated() {
            return truncated;
        }
    }
}
