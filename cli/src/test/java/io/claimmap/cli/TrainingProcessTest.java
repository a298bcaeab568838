package io.claimmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up archive's training run (bin/claimmap starts it once per JDK), in a JVM of its own as the launcher runs it. */
class TrainingProcessTest {
    @TempDir
    Path tmp;

    @Test
    void passesAndLeavesNoTemporaryFolderBehind() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"), "io.claimmap.cli.Training");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the training finished");
            assertEquals(0, process.exitValue(), output);
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "the training's inputs are deleted (a folder per archive made)");
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
