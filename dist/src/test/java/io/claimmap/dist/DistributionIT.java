package io.claimmap.dist;

import io.claimmap.cli.ClaimmapCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution archive as a user gets it: unpacked into an empty folder (no Maven, no sources), run through a
 * symlink from another folder, with the JDK found through JAVA_HOME or through the PATH.
 */
class DistributionIT {
    private static final String VERSION = System.getProperty("claimmap.version");
    private static final Path ARCHIVE = Path.of(System.getProperty("claimmap.dist.archive"));
    private static final String JAVA_BIN = Path.of(System.getProperty("java.home"), "bin").toString();
    private static final String NOW = "2026-11-21T12:00:00Z";

    @TempDir
    static Path work;
    static Path home;
    static Path link;

    @BeforeAll
    static void unpack() throws Exception {
        Path unpacked = Files.createDirectories(work.resolve("opt"));
        Result tar = run(unpacked, Map.of(), "tar", "xzf", ARCHIVE + ".tar.gz");
        assertEquals(0, tar.status, tar.output);
        home = unpacked.resolve("claimmap-" + VERSION);
        // a symlink on a "PATH" folder elsewhere, as a user installs it
        link = Files.createDirectories(work.resolve("bin")).resolve("claimmap");
        Files.createSymbolicLink(link, home.resolve("bin/claimmap"));
        Files.createDirectories(work.resolve("elsewhere"));
        // the first run with this JDK makes the start-up archive (a few seconds): once, for all tests
        Result first = run(work.resolve("elsewhere"), javaHome(cache()), link.toString(), "--version");
        assertEquals(0, first.status, first.output);
    }

    private static Path cache() {
        return work.resolve("cache");
    }

    private static Map<String, String> javaHome(Path cache) {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "PATH", "/usr/bin:/bin",
                "CLAIMMAP_CACHE_DIR", cache.toString());
    }

    @Test
    void theArchiveHoldsTheLaunchersJarsDocsAndLicence() {
        for (String file : List.of("bin/claimmap", "bin/claimmap.cmd", "claimmap.jar", "README.md", "LICENSE",
                "docs/INSTALL.md", "completion/claimmap.bash", "man/man1/claimmap.1",
                "examples/salesforce/token.jwt")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/claimmap")));
        assertTrue(read(home.resolve("LICENSE")).contains("Apache License"));
        assertFalse(Files.exists(home.resolve("pom.xml")), "no sources");
        assertFalse(Files.exists(home.resolve("examples/src")), "no sources");
    }

    @Test
    void theZipHoldsTheSameFilesAsTheTarball() throws IOException {
        TreeSet<String> inZip = new TreeSet<>();
        try (ZipFile zip = new ZipFile(ARCHIVE + ".zip")) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> inZip.add(e.getName()));
        }
        TreeSet<String> unpacked = new TreeSet<>();
        try (Stream<Path> files = Files.walk(home)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> unpacked.add("claimmap-" + VERSION + "/" + home.relativize(f).toString().replace('\\', '/')));
        }
        assertEquals(unpacked, inZip);
    }

    @Test
    void theZipKeepsTheLauncherExecutable() throws IOException {
        // what unzip restores: the Unix mode stored with each entry
        try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(Path.of(ARCHIVE + ".zip"),
                Map.of("enablePosixFileAttributes", "true"))) {
            Path launcher = zip.getPath("claimmap-" + VERSION, "bin", "claimmap");
            assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(launcher)));
        }
    }

    @Test
    void runsThroughAChainOfRelativeSymlinksRunByBashFromTheirFolder() throws Exception {
        // links/with space/claimmap -> ../cm -> (relative) .../bin/claimmap; "bash claimmap", or sh (dash) finding it
        // through the PATH's empty entry (the current folder), give the launcher a path without a slash
        Path links = Files.createDirectories(work.resolve("links/with space"));
        Files.createSymbolicLink(links.getParent().resolve("cm"), links.getParent().relativize(home.resolve("bin/claimmap")));
        Files.createSymbolicLink(links.resolve("claimmap"), Path.of("../cm"));
        for (List<String> command : List.of(List.of("bash", "claimmap", "--version"), List.of("sh", "-c", "claimmap --version"))) {
            Result version = run(links, Map.of("JAVA_HOME", System.getProperty("java.home"), "PATH", "/usr/bin:/bin:",
                    "CLAIMMAP_ARCHIVE", "off"), command.toArray(String[]::new));
            assertEquals(0, version.status, command + ": " + version.output);
            assertEquals("claimmap " + VERSION + "\nJava " + System.getProperty("java.version") + "\n", version.output);
        }
    }

    @Test
    void runsFromACurrentFolderItMayNotSearch() throws Exception {
        // as after "sudo -u someone claimmap" from /root: java runs there, but a cd back into it by name fails
        Path locked = Files.createDirectories(work.resolve("locked"));
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "PATH", "/usr/bin:/bin",
                "CLAIMMAP_ARCHIVE", "off");
        Result version;
        if ("root".equals(System.getProperty("user.name"))) { // root may search any folder: run as nobody
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv, to run as nobody");
            Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            version = run(locked, env, "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    link.toString(), "--version");
        } else {
            try {
                version = run(locked, env, "sh", "-c", "chmod 0 . && exec \"$0\" --version", link.toString());
            } finally {
                Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
        }
        assertEquals(0, version.status, version.output);
        assertEquals("claimmap " + VERSION + "\nJava " + System.getProperty("java.version") + "\n", version.output);
    }

    @Test
    void withoutHomeNoArchiveAndXdgCacheHomeOnAPathWithSpaces() throws Exception {
        // HOME unset and no cache folder named: no archive, not one in a folder of the root ("/nonexistent", as before)
        Map<String, String> noHome = Map.of("HOME", "", "JAVA_HOME", System.getProperty("java.home"), "PATH", "/usr/bin:/bin");
        Result version = run(work, noHome, link.toString(), "--version");
        assertEquals(0, version.status, version.output);
        assertEquals("claimmap " + VERSION + "\nJava " + System.getProperty("java.version") + "\n", version.output);
        assertFalse(Files.exists(Path.of("/nonexistent/.cache/claimmap")), "an archive in /nonexistent");

        // XDG_CACHE_HOME names the cache folder; a path with spaces is a path (a run that insists on the archive maps it)
        Path xdg = work.resolve("xdg cache");
        Map<String, String> env = new java.util.HashMap<>(noHome);
        env.put("XDG_CACHE_HOME", xdg.toString());
        assertEquals(0, run(work, env, link.toString(), "--version").status);
        assertEquals(1, archives(xdg.resolve("claimmap")).size());
        env.put("CLAIMMAP_JAVA_OPTS", Runtime.version().feature() >= 24 ? "-XX:AOTMode=on" : "-Xshare:on");
        Result strict = run(work, env, link.toString(), "--version");
        assertEquals(0, strict.status, strict.output);
    }

    @Test
    void runsThroughASymlinkFromAnotherFolderWithJavaHome() throws Exception {
        Map<String, String> env = javaHome(cache());
        Result version = run(work.resolve("elsewhere"), env, link.toString(), "--version");
        assertEquals(0, version.status, version.output);
        assertEquals("claimmap " + VERSION + "\nJava " + System.getProperty("java.version") + "\n", version.output);

        // the first run made the start-up archive for this JDK; a run that insists on it (-Xshare:on, or
        // AOTMode=on, fails to start when the archive cannot be mapped) validates an example
        List<Path> made = archives(cache());
        assertEquals(1, made.size(), made.toString());
        assertTrue(made.get(0).getFileName().toString().matches("claimmap-java\\d+-[A-Za-z0-9._-]+--[A-Za-z0-9._-]+\\.(jsa|aot)"),
                made.toString());
        Map<String, String> strict = new java.util.HashMap<>(env);
        strict.put("CLAIMMAP_JAVA_OPTS", Runtime.version().feature() >= 24 ? "-XX:AOTMode=on" : "-Xshare:on");
        Path examples = home.resolve("examples/salesforce");
        Result validate = run(work.resolve("elsewhere"), strict, link.toString(), "validate",
                examples.resolve("token.jwt").toString(), "--jwks", examples.resolve("jwks.json").toString(),
                "--contacts", examples.resolve("contacts.json").toString(), "--now", NOW);
        assertEquals(1, validate.status, validate.output);
        assertTrue(validate.output.contains("EXTERNAL_CONTACT_NOT_FOUND"), validate.output);
    }

    @Test
    void servesFromTheArchiveWithItsOwnJarsAndTheStartUpArchive() throws Exception {
        // serve's jars are in lib/server/, which bin/claimmap adds to the class path; the start-up archive, made for
        // the other commands' class path, still maps (-Xshare:on, or AOTMode=on, fails the start when it does not)
        assertTrue(Files.isDirectory(home.resolve("lib/server")), "lib/server/");
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            assertFalse(jars.anyMatch(j -> j.getFileName().toString().startsWith("javalin-")), "Javalin in lib/");
        }
        Map<String, String> env = new java.util.HashMap<>(javaHome(cache()));
        env.put("CLAIMMAP_JAVA_OPTS", Runtime.version().feature() >= 24 ? "-XX:AOTMode=on" : "-Xshare:on");
        ProcessBuilder builder = new ProcessBuilder(link.toString(), "serve", "--port", "0", "--no-access-log", "--jwks",
                home.resolve("examples/salesforce/jwks.json").toString(), "--now", NOW)
                .directory(work.resolve("elsewhere").toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("HOME", work.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var log = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String base = null;
            for (String line; (line = log.readLine()) != null && !line.contains("ready: rules revision"); ) {
                lines.add(line);
                var listening = java.util.regex.Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(line);
                base = listening.find() ? listening.group(1) : base;
            }
            assertTrue(base != null && process.isAlive(), String.join("\n", lines));
            var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + "/v1/validate")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"token\":\"" + read(home.resolve("examples/salesforce/token.jwt")).strip() + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"externalId\":\"0055g00000ABcdeAAD\""), answer.body());
            process.destroy(); // SIGTERM: drains, exits 0
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "serve stopped on SIGTERM");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void findsJavaOnThePathAndRunsWithRelativePathsWithoutTheArchive() throws Exception {
        Path cache = work.resolve("cache-path");
        Map<String, String> env = Map.of("PATH", JAVA_BIN + ":/usr/bin:/bin", "CLAIMMAP_CACHE_DIR", cache.toString(),
                "CLAIMMAP_ARCHIVE", "off");
        Result result = run(home, env, link.toString(), "validate", "examples/salesforce/token.jwt",
                "--jwks", "examples/salesforce/jwks.json", "--now", NOW, "--format", "json");
        assertEquals(0, result.status, result.output);
        assertTrue(result.output.startsWith("{\n  \"verdict\": \"warn\","), result.output);
        assertFalse(Files.exists(cache.resolve("jvm")), "CLAIMMAP_ARCHIVE=off makes no archive");
    }

    @Test
    void aStaleOrForeignArchiveNeverFailsARun() throws Exception {
        Path cache = Files.createDirectories(work.resolve("cache-stale/jvm"));
        for (Path archive : archives(cache())) {
            // newer than the jars, so the launcher keeps it; the JVM finds it unusable
            Files.writeString(cache.resolve(archive.getFileName()), "not an archive");
        }
        assertEquals(1, archives(cache.getParent()).size());
        Result version = run(work, javaHome(cache.getParent()), link.toString(), "--version");
        assertEquals(0, version.status, version.output);
        assertEquals("claimmap " + VERSION + "\nJava " + System.getProperty("java.version") + "\n", version.output);
    }

    @Test
    void withAJdk24OrNewerTheAotCacheIsMadeAndRunsSilently() throws Exception {
        Path jdk = newerJdk();
        Assumptions.assumeTrue(jdk != null, "no JDK 24 or newer under /usr/lib/jvm");
        Path cache = work.resolve("cache-aot");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString(), "PATH", "/usr/bin:/bin",
                "CLAIMMAP_CACHE_DIR", cache.toString());
        for (int run = 1; run <= 2; run++) { // the first makes the AOT cache, the second runs with it
            Result version = run(work, env, link.toString(), "--version");
            assertEquals(0, version.status, version.output);
            // nothing but the answer: a cache the JVM finds wanting must not warn on the user's stderr
            assertTrue(version.output.matches("claimmap " + java.util.regex.Pattern.quote(VERSION) + "\\nJava \\S+\\n"),
                    "run " + run + ": " + version.output);
        }
        List<Path> made = archives(cache);
        assertEquals(1, made.size(), made.toString());
        assertTrue(made.get(0).getFileName().toString().endsWith(".aot"), made.toString());
    }

    /** A JDK 24+ installed beside the one running the tests (the AOT cache needs it), or null. */
    private static Path newerJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && Files.isRegularFile(d.resolve("release")))
                    .filter(d -> read(d.resolve("release")).lines()
                            .map(l -> l.matches("JAVA_VERSION=\"(\\d+).*") ? Integer.parseInt(l.replaceAll("\\D*(\\d+).*", "$1")) : 0)
                            .anyMatch(major -> major >= 24))
                    .sorted().findFirst().orElse(null);
        }
    }

    private static List<Path> archives(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("jvm"))) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".failed")).toList();
        }
    }

    @Test
    void noJavaIsOneLineAndStatus2() throws Exception {
        // a PATH with the tools the launcher uses, but no java
        Path tools = Files.createDirectories(work.resolve("tools"));
        for (String tool : List.of("readlink", "bash", "env")) {
            Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow();
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        Result result = run(work, Map.of("PATH", tools.toString()), link.toString(), "--version");
        assertEquals(2, result.status, result.output);
        assertEquals("claimmap: no Java found: install a JDK 17 or newer, or set JAVA_HOME\n", result.output);
    }

    @Test
    void anOldJavaIsOneLineAndStatus2() throws Exception {
        // a Java 11 whose version only java -version says (no release file beside it), as a JRE or a wrapper script
        Path fake = Files.createDirectories(work.resolve("java11/bin")).resolve("java");
        Files.writeString(fake, """
                #!/bin/sh
                echo 'openjdk version "11.0.20" 2023-07-18' >&2
                echo 'OpenJDK Runtime Environment (build 11.0.20+8)' >&2
                echo 'OpenJDK 64-Bit Server VM (build 11.0.20+8, mixed mode)' >&2
                """);
        Files.setPosixFilePermissions(fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Result onPath = run(work, Map.of("PATH", fake.getParent() + ":/usr/bin:/bin"), link.toString(), "--version");
        assertEquals(2, onPath.status, onPath.output);
        assertEquals("claimmap: claimmap needs Java 17 or newer; " + fake + " is Java 11 (set JAVA_HOME to a JDK 17+)\n",
                onPath.output);

        // through JAVA_HOME, with the release file a JDK has
        Files.writeString(work.resolve("java11/release"), "JAVA_VERSION=\"11.0.20\"\n");
        Result javaHome = run(work, Map.of("JAVA_HOME", work.resolve("java11").toString(), "PATH", "/usr/bin:/bin"),
                link.toString(), "--version");
        assertEquals(2, javaHome.status, javaHome.output);
        assertEquals("claimmap: claimmap needs Java 17 or newer; " + fake + " is Java 11 (set JAVA_HOME to a JDK 17+)\n",
                javaHome.output);
    }

    @Test
    void everyCommandHasAManPageAndIsCompleted() {
        String completion = read(home.resolve("completion/claimmap.bash"));
        List<CommandLine> commands = DocsGenerator.commands(ClaimmapCommand.commandLine());
        assertTrue(commands.size() > 4, commands.toString());
        for (CommandLine command : commands) {
            Path page = home.resolve("man/man1/" + DocsGenerator.pageName(command) + ".1");
            assertTrue(Files.isRegularFile(page), page.toString());
            String troff = read(page);
            assertTrue(troff.contains(".SH NAME\n" + DocsGenerator.pageName(command).replace("-", "\\-") + " \\- "),
                    troff);
            for (String argument : DocsGenerator.argumentNames(command.getCommandSpec())) {
                assertTrue(troff.contains(argument.replace("-", "\\-")), page + " lacks " + argument);
            }
            assertTrue(completion.contains(command.getCommandName()), "completion lacks " + command.getCommandName());
        }
        assertTrue(completion.contains("complete -F _complete_claimmap"), completion);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Result(int status, String output) {
    }

    /** Runs a command with exactly the given environment (plus HOME; an empty value unsets), stdout and stderr together. */
    private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("HOME", work.toString());
        builder.environment().putAll(env);
        builder.environment().values().removeIf(String::isEmpty);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running: " + String.join(" ", command));
        return new Result(process.exitValue(), output);
    }
}
