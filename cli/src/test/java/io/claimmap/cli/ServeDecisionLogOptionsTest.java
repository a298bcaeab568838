package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve's decision-log options refuse what they cannot do, in one line (the log itself: DecisionLogTest, PopulationTest). */
class ServeDecisionLogOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aLogThatCannotBeOpenedIsAUsageError() {
        Path file = dir.resolve("missing-folder/decisions.jsonl");
        CliRun run = CliRun.of("serve", "--port", "0", "--unverified", "--decision-log", file.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("claimmap: --decision-log " + file + ": cannot be opened for appending"), run.err());
    }

    @Test
    void claimsLevelsAreNoneNamesOrValues() {
        CliRun run = CliRun.of("serve", "--port", "0", "--unverified", "--decision-log", "-", "--decision-log-claims", "all");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("expected none, names or values, not 'all'"), run.err());
    }
}
