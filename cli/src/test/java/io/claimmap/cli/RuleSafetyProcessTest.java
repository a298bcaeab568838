package io.claimmap.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures at the level of the process: a rule cannot end it, and a rule that never returns cannot hang it. */
@Execution(ExecutionMode.CONCURRENT) // each test waits for a JVM of its own
class RuleSafetyProcessTest {
    record Result(int exit, String out, String err) {
    }

    private static Result claimmap(String... args) throws Exception {
        return claimmapWithHeap("128m", args);
    }

    private static Result claimmapWithHeap(String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: no optimising JIT, no GC threads
                "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"),
                "io.claimmap.cli.Main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "claimmap answered");
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aRuleCallingSystemExitIsRefusedNotRun() throws Exception {
        Result result = claimmap("validate", ValidateCommandTest.TOKEN, "--jwks", ValidateCommandTest.JWKS,
                "--now", ValidateCommandTest.NOW, "--rules", "src/test/resources/check/runaway/exit.drl");
        assertEquals(ExitCodes.USAGE, result.exit(), "not the rule's exit status 3: " + result.err());
        assertTrue(result.err().contains("exit.drl:8:15: error: System.exit controls the process: rules map claims, "
                + "nothing else [FORBIDDEN_CALL]"), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }

    @Test
    void runningOutOfMemoryIsOneLineAndTheUsageStatus(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StringBuilder drl = new StringBuilder("package acme.many;\nimport io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\n");
        for (int i = 0; i < 1000; i++) {
            drl.append("rule \"r").append(i).append("\" when Token( issuer == \"https://idp").append(i)
                    .append(".example/\" ) Claim( name == \"c").append(i).append("\", $v : value ) then mapping.setDepartment( $v ); end\n");
        }
        java.nio.file.Files.writeString(dir.resolve("many.drl"), drl);
        Result result = claimmapWithHeap("24m", "check", dir.resolve("many.drl").toString());
        assertEquals(ExitCodes.USAGE, result.exit(), result.err());
        assertTrue(result.err().startsWith("claimmap: out of memory"), result.err());
        assertFalse(result.err().contains("Exception in thread"), result.err());
    }

    @Test
    void aRuleThatNeverReturnsIsAnsweredWithinTheBudget() throws Exception {
        long start = System.nanoTime();
        Result result = claimmap("validate", ValidateCommandTest.TOKEN, "--jwks", ValidateCommandTest.JWKS,
                "--now", ValidateCommandTest.NOW, "--rules", "src/test/resources/check/runaway/spin.drl",
                "--rule-timeout", "1500ms", "--format", "json", "--explain");
        assertEquals(ExitCodes.FAIL, result.exit(), result.err());
        assertTrue(result.out().contains("\"code\" : \"RULE_FAILED\"") || result.out().contains("\"code\": \"RULE_FAILED\""),
                result.out());
        assertTrue(result.out().contains("the evaluation exceeded its time budget of 1500 ms"), result.out());
        assertTrue(result.out().contains("acme.runaway » spins forever"), result.out());
        assertTrue(result.out().contains("\"stopped\": \"the evaluation exceeded its time budget of 1500 ms\""), result.out());
        // A budget, not a timing: the spin never ends, so any answer at all shows the budget held.
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(55), "the process ended");
    }
}
