package io.ruleworks.bootstrap;

import io.micronaut.core.io.scan.ClassPathResourceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Micronaut's class-path resource loader and the service's answer alike for what is in a jar. */
class JarEntryResourceLoaderTest {

    private static final List<String> PATHS = List.of("application.yml", "config/extra.yml", "config", "config/",
            "META-INF/swagger", "missing.yml", "missing", "config/../application.yml", "/application.yml");

    @TempDir
    Path dir;

    @Test
    void files_directories_and_missing_resources_in_a_jar_get_micronauts_answers() throws IOException {
        try (URLClassLoader classes = new URLClassLoader(new URL[]{jar().toUri().toURL()}, null)) {
            ClassPathResourceLoader micronaut = ClassPathResourceLoader.defaultLoader(classes);
            JarEntryResourceLoader service = new JarEntryResourceLoader(ClassPathResourceLoader.defaultLoader(classes));

            for (String path : PATHS) {
                assertThat(read(service.getResourceAsStream(path))).as("content of %s", path)
                        .isEqualTo(read(micronaut.getResourceAsStream(path)));
                assertThat(service.getResource(path)).as("URL of %s", path).isEqualTo(micronaut.getResource(path));
            }
            assertThat(read(service.getResourceAsStream("application.yml"))).hasValueSatisfying(
                    yaml -> assertThat(yaml).contains("port: 8080"));
            assertThat(service.getResourceAsStream("config")).as("a directory").isEmpty();
            assertThat(service.getClassLoader()).isSameAs(classes);
        }
    }

    private Path jar() throws IOException {
        Path jar = dir.resolve("service.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("application.yml"));
            zip.write("micronaut:\n  server:\n    port: 8080\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new JarEntry("config/"));
            zip.putNextEntry(new JarEntry("config/extra.yml"));
            zip.write("a: 1\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new JarEntry("META-INF/swagger/"));
            zip.putNextEntry(new JarEntry("META-INF/swagger/ruleworks.yml"));
            zip.write("openapi: 3.0.1\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static Optional<String> read(Optional<InputStream> stream) {
        return stream.map(in -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
