package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** claimmap check: every problem of every file, in the .drl the user wrote, never a stack trace. */
class CheckCommandTest {
    static final String BAD = "src/test/resources/check/bad";

    @Test
    void everyProblemOfEveryFileAsText() {
        CliRun run = CliRun.of("check", BAD);
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.err());
        assertFalse(run.out().contains(".java"), "no generated Java path: " + run.out());
        assertFalse(run.out().contains(":0:0:"), run.out());
        assertFalse(run.out().contains("\tat ") || run.out().contains("stacktrace"), run.out());
        Approvals.verify(run.transcript(), new Options().forFile().withExtension(".txt"));
    }

    @Test
    void everyProblemOfEveryFileAsJson() {
        CliRun run = CliRun.of("check", BAD, "--format", "json");
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.err());
        Approvals.verify(run.out(), new Options().forFile().withExtension(".json"));
    }

    @Test
    void cleanRulesExitZero() {
        CliRun run = CliRun.of("check", "../examples/rules");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertEquals("2 files checked: 0 errors, 0 warnings\n", run.out());
    }

    @Test
    void warningsAloneExitZero() {
        CliRun run = CliRun.of("check", BAD + "/conflict-a.drl", BAD + "/conflict-b.drl");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out());
        assertTrue(run.out().contains("[WRITE_CONFLICT]"), run.out());
    }

    @Test
    void aMissingPathIsAUsageError() {
        CliRun run = CliRun.of("check", "no/such/rules");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("claimmap: no/such/rules: no/such/rules: no such file or folder\n", run.err());
    }

    @Test
    void validateRefusesForbiddenCallsWithEveryProblem() {
        CliRun run = CliRun.of("validate", ValidateCommandTest.TOKEN, "--jwks", ValidateCommandTest.JWKS,
                "--now", ValidateCommandTest.NOW, "--rules", BAD + "/exit.drl");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("exit.drl:10:5: error: System.exit controls the process"), run.err());
        assertTrue(run.err().contains("exit.drl:17:5: error: a loop without an end condition"), run.err());
    }

    @Test
    void explainMarksAMappingConflict() {
        CliRun run = CliRun.of("validate", ValidateCommandTest.TOKEN, "--jwks", ValidateCommandTest.JWKS,
                "--now", ValidateCommandTest.NOW, "--rules", "src/test/resources/check/conflict", "--explain");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("MAPPING_CONFLICT"), run.out());
        assertTrue(run.out().contains("! MAPPING_CONFLICT qm.department: \"acme.conflict » department is sales\" wrote "
                + "\"sales\", this rule (same salience) wrote \"support\", which wins"), run.out());
    }

    @Test
    void badBudgetsAreUsageErrors() {
        CliRun zero = CliRun.of("validate", ValidateCommandTest.TOKEN, "--rule-max-firings", "0");
        assertEquals(ExitCodes.USAGE, zero.exitCode());
        assertTrue(zero.err().contains("the rule firing budget must be at least 1"), zero.err());
        CliRun words = CliRun.of("validate", ValidateCommandTest.TOKEN, "--rule-timeout", "forever");
        assertEquals(ExitCodes.USAGE, words.exitCode());
        assertTrue(words.err().contains("'forever' is not a duration such as 500ms, 2s or 1m"), words.err());
    }
}
