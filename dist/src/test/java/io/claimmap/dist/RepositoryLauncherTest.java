package io.claimmap.dist;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's {@code ./claimmap}, in a copy of the repository's layout whose {@code mvnw} only records that it
 * was called: it builds when a source is newer than the last build, not because tests left files behind, and it
 * works through a symlink from another folder.
 */
class RepositoryLauncherTest {
    private static final Path LAUNCHER = Path.of(System.getProperty("claimmap.repository", ".."), "claimmap");

    @TempDir
    Path dir;
    Path repo;
    Path link;
    Instant built;

    @BeforeEach
    void repository() throws Exception {
        repo = Files.createDirectories(dir.resolve("repo"));
        Files.copy(LAUNCHER, repo.resolve("claimmap"));
        executable(repo.resolve("claimmap"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        for (String module : List.of("engine", "rules", "cli", "server")) {
            Files.createDirectories(repo.resolve(module + "/src/main/java"));
            Files.writeString(repo.resolve(module + "/src/main/java/Source.java"), "class Source {}");
        }
        // what the build makes: the jar and cli/target/bin/claimmap (here: says it ran), and a log of the calls
        Files.writeString(repo.resolve("mvnw"), """
                #!/usr/bin/env bash
                root=$(dirname "$0")
                echo build >> "$root/builds.log"
                mkdir -p "$root/cli/target/bin"
                touch "$root/cli/target/claimmap.jar"
                printf 'echo "ran $*"\\nexit 0\\n' > "$root/cli/target/bin/claimmap"
                """);
        executable(repo.resolve("mvnw"));
        link = Files.createDirectories(dir.resolve("bin")).resolve("claimmap");
        Files.createSymbolicLink(link, repo.resolve("claimmap"));

        assertEquals("ran --version\n", run("--version"));
        assertEquals(1, builds(), "the first run builds");
        built = Files.getLastModifiedTime(repo.resolve("cli/target/claimmap.built")).toInstant();
    }

    @Test
    void runsWithoutBuildingWhenNothingChanged() throws Exception {
        assertEquals("ran validate x.jwt\n", run("validate", "x.jwt"));
        assertEquals(1, builds());
    }

    @Test
    void whatTestsLeaveBehindIsNoSourceChange() throws Exception {
        for (String file : List.of("cli/.approval_tests_temp/.failed_comparison.log", ".approval_tests_temp/x.sh",
                "rules/.approval_tests_temp/.approved_files.log", "engine/target/surefire-reports/x.txt",
                "cli/src/test/java/io/claimmap/cli/approvals/X.received.txt", "server/src/test/resources/x.json",
                "cli/src/main/java/Source.received.txt", "engine/.cifuzz-corpus/io.claimmap.engine.ValidatorFuzzTest/validate/x")) {
            later(repo.resolve(file));
        }
        run("--version");
        assertEquals(1, builds(), "no rebuild for test output");
    }

    @Test
    void aChangedSourceRebuilds() throws Exception {
        later(repo.resolve("engine/src/main/java/Source.java"));
        assertEquals("ran --version\n", run("--version"));
        assertEquals(2, builds());
    }

    @Test
    void aSourceChangedDuringTheBuildRebuildsNextTime() throws Exception {
        // this build's mvnw edits a source as it runs (as a user saving a file meanwhile); times are the clock's here,
        // as the stamp's must be: a source 1 ms newer than the last build, the edit 50 ms into the build
        Path source = repo.resolve("engine/src/main/java/Source.java");
        Files.writeString(source, "changed");
        Files.setLastModifiedTime(source, FileTime.from(built.plusMillis(1)));
        Files.writeString(repo.resolve("mvnw"), Files.readString(repo.resolve("mvnw"))
                + "sleep 0.05; echo edited >> \"$root/rules/src/main/java/Source.java\"\n");
        assertEquals("ran --version\n", run("--version"));
        assertEquals(2, builds());
        assertEquals("ran --version\n", run("--version"));
        assertEquals(3, builds(), "the edit made during the build");
    }

    @Test
    void worksThroughARelativeSymlinkRunByBashFromItsFolder() throws Exception {
        Files.createSymbolicLink(dir.resolve("cm"), Path.of("repo/claimmap"));
        Process process = new ProcessBuilder("bash", "cm", "--version").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertEquals("ran --version\n", out);
    }

    @Test
    void runsFromACurrentFolderItMayNotSearch() throws Exception {
        // as after "sudo -u someone ./claimmap" from /root: a cd back into it by name fails
        Path locked = Files.createDirectories(dir.resolve("locked"));
        List<String> command;
        if ("root".equals(System.getProperty("user.name"))) { // root may search any folder: run as nobody
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
            command = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", link.toString(),
                    "--version");
        } else {
            command = List.of("sh", "-c", "chmod 0 . && exec \"$0\" --version", link.toString());
        }
        Process process = new ProcessBuilder(command).directory(locked.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        assertEquals("ran --version\n", out);
        assertEquals(0, process.exitValue(), out);
        assertEquals(1, builds());
    }

    @Test
    void aBuildWithAJavaOlderThan17IsRefusedInOneLine() throws Exception {
        later(repo.resolve("engine/src/main/java/Source.java"));
        Path fake = Files.createDirectories(dir.resolve("java11/bin")).resolve("java");
        Files.writeString(fake, """
                #!/bin/sh
                echo 'openjdk version "11.0.20" 2023-07-18' >&2
                echo 'OpenJDK Runtime Environment (build 11.0.20+8)' >&2
                """);
        executable(fake);
        ProcessBuilder builder = new ProcessBuilder(link.toString(), "--version").directory(dir.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", fake.getParent() + ":/usr/bin:/bin");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), out + err);
        assertEquals("claimmap: claimmap needs Java 17 or newer; " + fake + " is Java 11 (set JAVA_HOME to a JDK 17+)\n", err);
        assertEquals(1, builds(), "no build started");
    }

    /** Writes the file with a modification time after the last build's. */
    private void later(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "changed");
        Files.setLastModifiedTime(file, FileTime.from(built.plusSeconds(10)));
    }

    private long builds() throws IOException {
        Path log = repo.resolve("builds.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    /** Runs the launcher through the symlink, from another folder; stdout (stderr says "building"). */
    private String run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(link.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
