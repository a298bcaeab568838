package io.claimmap.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * serve's jars (the server module, Javalin, Jetty, logback, Prometheus) live in {@code lib/server/}, on the class path
 * of serve alone: the launcher adds them. Under {@code java -jar claimmap.jar serve} they are not there, so
 * {@link Main} runs again in a class loader over the jar's own class path plus {@code lib/server/}. It finds its
 * folders from claimmap.jar itself, not through the engine's {@code OptionalJars}: with lib/ missing, the engine's
 * classes are not there to say what is wrong.
 */
final class ServerJars {
    static final String FOLDER = "server";

    private ServerJars() {
    }

    static boolean onClassPath() {
        return ServerJars.class.getClassLoader().getResource("io/claimmap/server/ClaimmapServer.class") != null;
    }

    /** Runs {@code Main.main(args)} in a loader that sees lib/server/; returns when it returns (it usually exits). */
    static void relaunch(String[] args) throws Exception {
        Path jar = ownJar();
        Path folder = jar == null ? null : jar.resolveSibling("lib").resolve(FOLDER);
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UsageException("serve needs the server's jars in lib/" + FOLDER + "/ beside claimmap.jar"
                    + (folder == null ? "" : " (" + folder + ")") + ": is this a complete installation?");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        try (JarFile file = new JarFile(jar.toFile())) {
            String classPath = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath != null) {
                for (String entry : classPath.trim().split("\\s+")) {
                    urls.add(jar.resolveSibling(entry).toUri().toURL());
                }
            }
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path serverJar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(serverJar.toUri().toURL());
            }
        }
        // The platform loader as parent: every claimmap class, SLF4J and its provider come from this loader alone.
        URLClassLoader loader = new URLClassLoader("claimmap-serve", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName(Main.class.getName(), true, loader).getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Path ownJar() throws IOException {
        try {
            var source = ServerJars.class.getProtectionDomain().getCodeSource();
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            return location != null && Files.isRegularFile(location) ? location : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
