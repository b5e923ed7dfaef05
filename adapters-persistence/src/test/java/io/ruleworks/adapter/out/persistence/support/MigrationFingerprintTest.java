package io.ruleworks.adapter.out.persistence.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fingerprint of migrations in a jar is the same whether the jar's files are read through the
 * build's index ({@code db/migration.index}) or by listing the jar, and the index is only trusted
 * when everything it names is there.
 */
class MigrationFingerprintTest {

    private static final List<String> LOCATIONS = List.of("classpath:db/migration");
    private static final Map<String, String> MIGRATIONS = Map.of(
            "db/migration/V1__first.sql", "create table a (id int);",
            "db/migration/V2__second.sql", "create table b (id int);");

    @TempDir
    Path dir;

    @Test
    void read_through_the_index_it_is_the_fingerprint_of_the_listed_jar() throws IOException {
        Optional<String> listed = fingerprint(jar("listed.jar", MIGRATIONS, null));
        Optional<String> indexed = fingerprint(jar("indexed.jar", MIGRATIONS,
                "db/migration/V2__second.sql\ndb/migration/V1__first.sql\n"));

        assertThat(listed).isPresent();
        assertThat(indexed).isEqualTo(listed);
        assertThat(fingerprint(directory(MIGRATIONS))).as("the same files in a directory").isEqualTo(listed);
    }

    @Test
    void through_the_index_the_files_it_names_are_the_ones_that_count() throws IOException {
        // which is why PackagedJarIT holds the shaded jar's db/migration/ to its index
        Optional<String> firstOnly = fingerprint(jar("first.jar",
                Map.of("db/migration/V1__first.sql", MIGRATIONS.get("db/migration/V1__first.sql")), null));

        assertThat(fingerprint(jar("partial.jar", MIGRATIONS, "db/migration/V1__first.sql\n"))).isEqualTo(firstOnly);
    }

    @Test
    void a_changed_file_changes_it_through_the_index_too() throws IOException {
        Map<String, String> edited = new LinkedHashMap<>(MIGRATIONS);
        edited.put("db/migration/V2__second.sql", "create table b (id bigint);");
        String index = "db/migration/V1__first.sql\ndb/migration/V2__second.sql\n";

        assertThat(fingerprint(jar("edited.jar", edited, index)))
                .isNotEqualTo(fingerprint(jar("original.jar", MIGRATIONS, index)));
    }

    @Test
    void an_index_naming_a_missing_file_is_ignored_and_the_jar_listed() throws IOException {
        Optional<String> listed = fingerprint(jar("listed.jar", MIGRATIONS, null));

        Optional<String> stale = fingerprint(jar("stale.jar", MIGRATIONS,
                "db/migration/V1__first.sql\ndb/migration/V2__second.sql\ndb/migration/V3__gone.sql\n"));

        assertThat(stale).isEqualTo(listed);
    }

    private Optional<String> fingerprint(Path classpathEntry) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classpathEntry.toUri().toURL()}, null)) {
            return MigrationFingerprint.of(LOCATIONS, Map.of("enabled", "true"), loader);
        }
    }

    private Path jar(String name, Map<String, String> files, String index) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("db/"));
            zip.putNextEntry(new JarEntry("db/migration/"));
            for (var file : files.entrySet()) {
                zip.putNextEntry(new JarEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
            zip.putNextEntry(new JarEntry("other/unrelated.txt"));
            zip.write("x".getBytes(StandardCharsets.UTF_8));
            if (index != null) {
                zip.putNextEntry(new JarEntry(MigrationFingerprint.indexOf("db/migration")));
                zip.write(index.getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private Path directory(Map<String, String> files) throws IOException {
        Path root = dir.resolve("classes");
        for (var file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return root;
    }

}
