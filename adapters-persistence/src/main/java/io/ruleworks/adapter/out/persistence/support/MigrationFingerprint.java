package io.ruleworks.adapter.out.persistence.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
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
                    if (!collect(url, path, files)) {
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

    private static boolean collect(URL url, String path, Map<String, byte[]> files)
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

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
