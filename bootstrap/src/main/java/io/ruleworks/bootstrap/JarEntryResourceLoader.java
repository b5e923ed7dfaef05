package io.ruleworks.bootstrap;

import io.micronaut.core.io.ResourceLoader;
import io.micronaut.core.io.scan.ClassPathResourceLoader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * The class-path resource loader of the service's environment (it reads {@code application.yml}):
 * Micronaut's own, except that a resource inside a jar is told apart from a directory by the jar's
 * entry instead of by opening the jar as a zip file system — which indexes all of its ~38,000
 * entries, 95-195 ms of every start (docs/performance.md, "Start-up, 2026-12-08"). Same answers:
 * a file's content (read at once) or its URL, nothing for a directory or a missing resource, nothing
 * for a path with {@code ../}; everything else is Micronaut's loader.
 */
final class JarEntryResourceLoader implements ClassPathResourceLoader {

    private final ClassPathResourceLoader micronaut;

    JarEntryResourceLoader(ClassPathResourceLoader micronaut) {
        this.micronaut = micronaut;
    }

    @Override
    public Optional<InputStream> getResourceAsStream(String path) {
        Optional<JarFileEntry> file = jarEntry(path);
        if (file == null) {
            return micronaut.getResourceAsStream(path);
        }
        return file.flatMap(entry -> {
            try (InputStream in = entry.connection().getInputStream()) {
                return Optional.of(new ByteArrayInputStream(in.readAllBytes()));
            } catch (IOException e) {
                return micronaut.getResourceAsStream(path);
            }
        });
    }

    @Override
    public Optional<URL> getResource(String path) {
        Optional<JarFileEntry> file = jarEntry(path);
        if (file == null) {
            return micronaut.getResource(path);
        }
        return file.map(JarFileEntry::url);
    }

    private record JarFileEntry(URL url, URLConnection connection) {
    }

    /**
     * The file at {@code path} when the class loader finds it in a jar; empty when the jar's entry
     * there is a directory; null when this loader does not decide (not in a jar, not found, a
     * relative path, anything unexpected): Micronaut's loader answers.
     */
    private Optional<JarFileEntry> jarEntry(String path) {
        if (path == null || path.replace('\\', '/').contains("../") || path.startsWith("/")) {
            return null;
        }
        URL url = getClassLoader().getResource(path);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return null;
        }
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return null;
            }
            JarEntry entry = jar.getJarEntry();
            if (entry == null) {
                return null;
            }
            return entry.isDirectory() ? Optional.empty() : Optional.of(new JarFileEntry(url, connection));
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Stream<URL> getResources(String name) {
        return micronaut.getResources(name);
    }

    @Override
    public ClassLoader getClassLoader() {
        return micronaut.getClassLoader();
    }

    @Override
    public boolean supportsPrefix(String path) {
        return micronaut.supportsPrefix(path);
    }

    @Override
    public ResourceLoader forBase(String basePath) {
        return micronaut.forBase(basePath);
    }
}
