package io.claimmap.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A configuration file larger than the heap is a usage error in one line, in a JVM with a small heap of its own. */
class FileLimitsProcessTest {
    @Test
    void contactsLargerThanTheHeapAreAUsageErrorNotAStackTrace() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "a system with /dev/zero");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"),
                "io.claimmap.cli.Main", "validate", ValidateCommandTest.TOKEN, "--jwks", ValidateCommandTest.JWKS,
                "--now", ValidateCommandTest.NOW, "--contacts", "/dev/zero"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "claimmap answered");
            assertEquals(ExitCodes.USAGE, process.exitValue(), err);
            assertTrue(err.startsWith("claimmap: --contacts /dev/zero: too large for the memory claimmap runs with ("), err);
            assertEquals(1, err.lines().count(), err);
            assertFalse(err.contains("\tat "), err);
        } finally {
            process.destroyForcibly();
        }
    }
}
