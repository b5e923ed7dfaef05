package io.ruleworks.bootstrap.engine;

import io.ruleworks.adapter.out.persistence.testing.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Further Ruleworks service processes (separate JVMs from the test's classpath) on the test's
 * database, with their output in a temporary log file; all of them are killed on close.
 */
final class ServiceProcesses implements AutoCloseable {

    private final TestDatabase database;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    ServiceProcesses(TestDatabase database) {
        this.database = database;
    }

    /** Starts one, with the given environment over quiet, fast-polling defaults. */
    Process start(String name, Map<String, String> settings) throws IOException {
        Path log = Files.createTempFile("ruleworks-" + name, ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.ruleworks.bootstrap.Application")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DATASOURCES_DEFAULT_URL", database.url());
        env.put("DATASOURCES_DEFAULT_USERNAME", TestDatabase.USER);
        env.put("MICRONAUT_SERVER_PORT", "-1");
        env.put("RULEWORKS_BOOTSTRAP_ADMIN_KEY", "false");
        env.put("RULEWORKS_ACCESS_LOG_LEVEL", "WARN");
        env.putAll(settings);
        Process process = builder.start();
        processes.add(process);
        logs.add(log);
        return process;
    }

    /** Whether every process started so far has logged that its startup completed. */
    boolean allStarted() {
        return logs.stream().allMatch(log -> {
            try {
                return Files.readString(log).contains("Startup completed");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
