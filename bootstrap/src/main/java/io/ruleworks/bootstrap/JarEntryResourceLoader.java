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
        return switch (lookUp(path)) {
            case Lookup.Undecided u -> micronaut.getResourceAsStream(path);
            case Lookup.Directory d -> Optional.empty();
            case Lookup.File file -> {
                try (InputStream in = file.connection().getInputStream()) {
                    yield Optional.of(new ByteArrayInputStream(in.readAllBytes()));
                } catch (IOException e) {
                    yield micronaut.getResourceAsStream(path);
                }
            }
        };
    }

    @Override
    public Optional<URL> getResource(String path) {
        return switch (lookUp(path)) {
            case Lookup.Undecided u -> micronaut.getResource(path);
            case Lookup.Directory d -> Optional.empty();
            case Lookup.File file -> Optional.of(file.url());
        };
    }

    /** What the jar's entry at a path says: a file, a directory, or nothing this loader decides. */
    private sealed interface Lookup {
        /** Not in a jar, not found, a relative path, anything unexpected: Micronaut's loader answers. */
        record Undecided() implements Lookup {
        }

        record Directory() implements Lookup {
        }

        record File(URL url, URLConnection connection) implements Lookup {
        }
    }

    private Lookup lookUp(String path) {
        if (path == null || path.replace('\\', '/').contains("../") || path.startsWith("/")) {
            return new Lookup.Undecided();
        }
        URL url = getClassLoader().getResource(path);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return new Lookup.Undecided();
        }
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return new Lookup.Undecided();
            }
            JarEntry entry = jar.getJarEntry();
            if (entry == null) {
                return new Lookup.Undecided();
            }
            return entry.isDirectory() ? new Lookup.Directory() : new Lookup.File(url, connection);
        } catch (IOException e) {
            return new Lookup.Undecided();
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
