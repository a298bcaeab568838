package io.claimmap.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Jars kept off the launcher's class path, in a folder beside the engine's jar ({@code lib/genesys/},
 * {@code lib/bouncycastle/}), loaded only by what needs them. Every jar on the class path is opened by every run,
 * because Drools' service lookups scan them all, and a signed jar's manifest lists every entry's digest: keeping what
 * a typical run does not use elsewhere is a measured part of the CLI's cold start (docs/PERFORMANCE.md).
 */
public final class OptionalJars {
    private OptionalJars() {
    }

    /** The folder {@code name} beside the jar the engine was loaded from; null when it runs from classes folders. */
    public static Path folder(String name) {
        try {
            var source = OptionalJars.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? location.resolveSibling(name) : null;
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A class loader over the jars of {@link #folder(String) folder(name)}, a child of the engine's own; null when
     * there is no such folder or it holds no jar. Never closed: its classes stay in use until the JVM exits.
     */
    public static ClassLoader loader(String name) throws IOException {
        Path folder = folder(name);
        if (folder == null || !Files.isDirectory(folder)) {
            return null;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        return jars.isEmpty() ? null
                : new URLClassLoader(name, jars.toArray(URL[]::new), OptionalJars.class.getClassLoader());
    }
}
