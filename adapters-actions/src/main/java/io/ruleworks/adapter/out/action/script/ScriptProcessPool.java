package io.ruleworks.adapter.out.action.script;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A small pool of reused child JVMs ({@link ScriptHost}), each running one script at a time with
 * its own heap limit. A child is started on first need and kept while it behaves; it is killed and
 * replaced when it does not answer in time, when the caller is interrupted, or when it dies (a
 * script that exhausts the child's heap ends it with exit code {@value #OOM_EXIT_CODE}).
 */
final class ScriptProcessPool implements AutoCloseable {

    static final String SCRIPT_MEMORY_LIMIT = "SCRIPT_MEMORY_LIMIT";
    static final String SCRIPT_BUSY = "SCRIPT_BUSY";
    static final String SCRIPT_UNAVAILABLE = "SCRIPT_UNAVAILABLE";
    /** How long a new child may take to start its JVM and warm its engine. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** The exit code of a JVM stopped by {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OOM_EXIT_CODE = 3;
    /** How long a child may take beyond the script's timeout to report it (its own watchdog fires first). */
    static final Duration GRACE = Duration.ofSeconds(5);

    record Settings(int processes, int maxHeapMb, long statementLimit, int maxResultBytes) {
    }

    private final Settings settings;
    private final List<String> command;
    private final LinkedBlockingDeque<Child> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger started = new AtomicInteger();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closed;

    ScriptProcessPool(Settings settings) {
        this.settings = settings;
        this.command = command(settings);
    }

    private static final class Child {
        final Process process;
        final DataOutputStream in;
        final DataInputStream out;
        /** Set once this child was killed or found dead: it never goes back to the pool. */
        volatile boolean broken;

        Child(Process process) {
            this.process = process;
            this.in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            this.out = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        }
    }

    /**
     * Runs one script in a free child, waiting at most {@code timeout} for a child to be free and
     * then {@code timeout} (plus a grace period) for the script.
     */
    ScriptOutcome run(ScriptWire.Request request, Duration timeout) throws InterruptedException {
        Child child;
        try {
            child = borrow(timeout);
        } catch (IOException e) {
            return ScriptOutcome.failed(SCRIPT_UNAVAILABLE, "No script process could be started: " + e.getMessage());
        }
        if (child == null) {
            return ScriptOutcome.failed(SCRIPT_BUSY, "No script process was free within " + timeout.toMillis() + " ms");
        }
        boolean healthy = false;
        try {
            ScriptOutcome outcome = call(child, request, timeout);
            healthy = !child.broken && child.process.isAlive() && !outcome.code().equals(SCRIPT_MEMORY_LIMIT);
            return outcome;
        } finally {
            if (healthy && !closed) {
                idle.offerFirst(child);
            } else {
                discard(child);
            }
        }
    }

    private ScriptOutcome call(Child child, ScriptWire.Request request, Duration timeout) throws InterruptedException {
        try {
            ScriptWire.write(child.in, request);
        } catch (IOException e) {
            return died(child);
        }
        CompletableFuture<ScriptOutcome> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return ScriptWire.readOutcome(child.out);
            } catch (IOException e) {
                return null;
            }
        }, readers);
        try {
            ScriptOutcome outcome = answer.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            return outcome == null ? died(child) : outcome;
        } catch (TimeoutException e) {
            kill(child);
            return ScriptOutcome.failed(JavaScriptSandbox.SCRIPT_TIMEOUT, "The script did not finish within "
                    + timeout.toMillis() + " ms; its process was stopped");
        } catch (InterruptedException e) {
            kill(child);
            throw e;
        } catch (ExecutionException e) {
            return died(child);
        }
    }

    private static void kill(Child child) {
        child.broken = true;
        child.process.destroyForcibly();
    }

    private ScriptOutcome died(Child child) throws InterruptedException {
        child.broken = true;
        if (!child.process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            child.process.destroyForcibly();
            return ScriptOutcome.failed(JavaScriptSandbox.SCRIPT_INTERNAL_ERROR, "The script process stopped answering");
        }
        int exit = child.process.exitValue();
        if (exit == OOM_EXIT_CODE) {
            return ScriptOutcome.failed(SCRIPT_MEMORY_LIMIT, "The script used more than the "
                    + settings.maxHeapMb() + " MB of memory scripts may use; its process was stopped");
        }
        return ScriptOutcome.failed(JavaScriptSandbox.SCRIPT_INTERNAL_ERROR, "The script process ended with exit code " + exit);
    }

    private Child borrow(Duration wait) throws InterruptedException, IOException {
        Child child = idle.pollFirst();
        while (child == null) {
            int count = started.get();
            if (count < settings.processes()) {
                if (started.compareAndSet(count, count + 1)) {
                    try {
                        return start();
                    } catch (IOException | RuntimeException e) {
                        started.decrementAndGet();
                        throw e;
                    }
                }
                continue;
            }
            return idle.pollFirst(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!child.process.isAlive()) {
            discard(child);
            return borrow(wait);
        }
        return child;
    }

    /** Starts a child and waits until its engine is warm, so that start-up never counts against a script. */
    private Child start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File(System.getProperty("java.io.tmpdir")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // The child needs no environment; it must not even see the service's.
        builder.environment().clear();
        Child child = new Child(builder.start());
        CompletableFuture<ScriptOutcome> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return ScriptWire.readOutcome(child.out);
            } catch (IOException e) {
                return null;
            }
        }, readers);
        try {
            ScriptOutcome outcome = ready.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (outcome == null || !outcome.succeeded()) {
                throw new IOException("the script process did not start"
                        + (outcome == null ? "" : ": " + outcome.payload()));
            }
            return child;
        } catch (TimeoutException | ExecutionException e) {
            child.process.destroyForcibly();
            throw new IOException("the script process was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException | IOException e) {
            child.process.destroyForcibly();
            throw e;
        }
    }

    private void discard(Child child) {
        child.process.destroyForcibly();
        started.decrementAndGet();
    }

    static List<String> command(Settings settings) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.maxHeapMb() + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:MaxDirectMemorySize=16m");
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            // Truffle still uses sun.misc.Unsafe; JDK 24+ would print a warning for it.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
        command.add("-cp");
        command.add(classPath());
        command.add(ScriptHost.class.getName());
        command.add(Long.toString(settings.statementLimit()));
        command.add(Integer.toString(settings.maxResultBytes()));
        return List.copyOf(command);
    }

    /** The service's own class path, made absolute because the child runs in another directory. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public void close() {
        closed = true;
        Child child;
        while ((child = idle.pollFirst()) != null) {
            child.process.destroyForcibly();
        }
        readers.shutdownNow();
    }
}
