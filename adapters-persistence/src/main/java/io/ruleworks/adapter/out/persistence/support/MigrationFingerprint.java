package io.ruleworks.adapter.out.persistence.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A SHA-256 over every file under the migration locations (name and content, in name order) and
 * the Flyway settings of a datasource: two builds have the same fingerprint only when Flyway would
 * see the same migrations with the same settings. Empty when a location is not a classpath
 * directory or jar this class can list (then Flyway always runs). ADR 0020.
 *
 * <p>In a jar, the files are those its {@code <location>.index} names (one entry name a line, written
 * by the build from {@code src/main/resources/db/migration}): listing the 38,000-entry service jar
 * took most of the check's ~70 ms at start (docs/performance.md, "Start-up, 2026-12-08"). Without that
 * index in the same jar, or when a file it names is missing, the jar is listed as before. The shaded
 * jar's {@code db/migration/} is checked against its index by {@code PackagedJarIT}.
 */
final class MigrationFingerprint {

    private MigrationFingerprint() {
    }

    static Optional<String> of(List<String> locations, Map<String, ?> flywaySettings, ClassLoader loader) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String location : locations) {
                if (!location.startsWith("classpath:")) {
                    return Optional.empty();
                }
                String path = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
                TreeMap<String, byte[]> files = new TreeMap<>();
                for (URL url : java.util.Collections.list(loader.getResources(path))) {
                    if (!collect(url, path, files, loader)) {
                        return Optional.empty();
                    }
                }
                update(sha, "location " + path);
                for (var file : files.entrySet()) {
                    update(sha, "file " + file.getKey() + " " + file.getValue().length);
                    sha.update(file.getValue());
                }
            }
            for (var setting : new TreeMap<>(flywaySettings).entrySet()) {
                update(sha, "setting " + setting.getKey() + "=" + setting.getValue());
            }
            return Optional.of(HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | UncheckedIOException | URISyntaxException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean collect(URL url, String path, Map<String, byte[]> files, ClassLoader loader)
            throws IOException, URISyntaxException {
        switch (url.getProtocol()) {
            case "file" -> {
                Path root = Path.of(url.toURI());
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path file : walk.filter(Files::isRegularFile).toList()) {
                        files.put(path + "/" + root.relativize(file).toString().replace('\\', '/'),
                                Files.readAllBytes(file));
                    }
                }
                return true;
            }
            case "jar" -> {
                if (indexed(url, path, files, loader)) {
                    return true;
                }
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    List<String> names = new ArrayList<>();
                    jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(path + "/"))
                            .forEach(e -> names.add(e.getName()));
                    for (String name : names) {
                        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
                            files.put(name, in.readAllBytes());
                        }
                    }
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The name of the build's list of the files under {@code path}. */
    static String indexOf(String path) {
        return path + ".index";
    }

    /**
     * Reads the files the jar's index names into {@code files}; false (nothing added) when the jar of
     * {@code url} has no index or a named file is missing.
     */
    private static boolean indexed(URL url, String path, Map<String, byte[]> files, ClassLoader loader)
            throws IOException {
        String jar = url.toString().substring(0, url.toString().lastIndexOf("!/") + 2);
        URL index = loader.getResource(indexOf(path));
        if (index == null || !index.toString().equals(jar + indexOf(path))) {
            return false;
        }
        Map<String, byte[]> read = new TreeMap<>();
        try (InputStream in = index.openStream()) {
            for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                name = name.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!name.startsWith(path + "/")) {
                    return false;
                }
                try (InputStream file = URI.create(jar + name).toURL().openStream()) {
                    read.put(name, file.readAllBytes());
                } catch (IOException | IllegalArgumentException missing) {
                    return false;
                }
            }
        }
        files.putAll(read);
        return true;
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
