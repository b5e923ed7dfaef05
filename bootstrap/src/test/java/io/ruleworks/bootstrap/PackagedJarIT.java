package io.ruleworks.bootstrap;

import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shaded jar that `./ruleworks start` runs, as built by `package`: it issues a key from the
 * command line, starts, serves its health check, validates and stores a rule (the JSON Schema
 * validator and the migrations are inside the jar) and serves its OpenAPI document. Unit and
 * HTTP tests run on Maven's classpath and cannot notice a class missing from the jar.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "ruleworks.jar");
    private static final Duration START = Duration.ofSeconds(120);

    private final TestDatabase database = TestDatabase.create();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    private ProcessBuilder jar(Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DATASOURCES_DEFAULT_URL", database.url());
        env.put("DATASOURCES_DEFAULT_USERNAME", TestDatabase.USER);
        env.put("RULEWORKS_BOOTSTRAP_ADMIN_KEY", "false");
        return builder;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_shaded_jar_issues_a_key_starts_and_serves_rules() throws Exception {
        assertThat(JAR).as("built by the package phase").exists();
        Path log = Files.createTempFile("ruleworks-jar", ".log");

        Process cli = jar(log, "create-api-key", "--permissions", "automation:read,automation:create", "--json")
                .start();
        processes.add(cli);
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(Files.readString(log)).isZero();
        Matcher key = Pattern.compile("\"api_key\":\"([^\"]+)\"").matcher(output);
        assertThat(key.find()).as(output).isTrue();

        int port = freePort();
        ProcessBuilder service = jar(log);
        service.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        service.redirectOutput(log.toFile());
        processes.add(service.start());
        URI base = URI.create("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plus(START);
        int health = 0;
        while (Instant.now().isBefore(deadline) && health != 200) {
            try {
                health = send(HttpRequest.newBuilder(base.resolve("/health")).GET().build()).statusCode();
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        assertThat(health).as(Files.readString(log)).isEqualTo(200);

        HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/api/v1/automation/rules"))
                .header("x-api-key", key.group(1)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"packaged\",\"trigger_type\":\"manual\","
                        + "\"trigger_config\":{},\"actions\":[{\"type\":\"webhook_call\",\"order\":1,"
                        + "\"config\":{\"url\":\"https://hooks.example.com/x\"}}]}")).build());
        assertThat(created.statusCode()).as(created.body() + "\n" + Files.readString(log)).isEqualTo(201);
        HttpResponse<String> refused = send(HttpRequest.newBuilder(base.resolve("/api/v1/automation/rules"))
                .header("x-api-key", key.group(1)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"\"}")).build());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/swagger/ruleworks.yml")).GET().build()).statusCode())
                .isEqualTo(200);
        // logging as configured in code (ServiceLogConfiguration): the shipped line format, no logback errors
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(log)).containsPattern(
                "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[main\\] "
                        + "io\\.micronaut\\.runtime\\.Micronaut - Startup completed in"));
        assertThat(Files.readString(log)).doesNotContain("ERROR in ch.qos.logback").doesNotContain("WARN in ch.qos.logback");
    }

    @Test
    void the_jars_migration_index_names_exactly_the_migrations_in_it() throws IOException {
        // the start's migration fingerprint reads the files the index names (MigrationFingerprint, ADR 0020):
        // a migration shaded in from elsewhere and missing from the index would go unnoticed by it
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Set<String> migrations = jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("db/migration/"))
                    .map(JarEntry::getName).collect(toSet());
            JarEntry index = jar.getJarEntry("db/migration.index");
            assertThat(index).as("db/migration.index in the jar").isNotNull();
            Set<String> indexed = new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).collect(toSet());
            assertThat(indexed).isNotEmpty().isEqualTo(migrations);
        }
    }
}
