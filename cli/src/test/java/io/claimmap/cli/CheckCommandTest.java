package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** claimmap check: every problem of every file, in the .drl the user wrote, never a stack trace. */
class CheckCommandTest {
    static final String BAD = "src/test/resources/check/bad";

    @TempDir
    Path dir;

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
    void aFileNamedTwiceIsCheckedAndRunOnce() throws Exception {
        CliRun run = CliRun.of("check", "../examples/rules", "../examples/rules/customer-id.drl");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertEquals("2 files checked: 0 errors, 0 warnings\n", run.out());
        // Content never compiled before (the build's rule cache would skip the compiler, and the error with it).
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("once.drl"), "package acme.once; // " + java.util.UUID.randomUUID() + "\n"
                + "import io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\n"
                + "rule \"department\" when Token( ) then mapping.setDepartment( \"d\" ); end\n");
        Path claims = Files.writeString(dir.resolve("claims.json"), "{\"iss\": \"i\", \"sub\": \"s\"}");
        CliRun eval = CliRun.of("eval", claims.toString(), "--rules", rules.toString(),
                "--rules", rules.resolve("./once.drl").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.err());
    }

    @Test
    void warningsAloneExitZero() {
        CliRun run = CliRun.of("check", BAD + "/conflict-a.drl", BAD + "/conflict-b.drl");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out());
        assertTrue(run.out().contains("[WRITE_CONFLICT]"), run.out());
    }

    @Test
    void aRuleOfABuiltinPacksSalienceConflictsWithIt() throws Exception {
        Path drl = Files.writeString(dir.resolve("high.drl"), """
                package acme.high;
                import io.claimmap.engine.facts.*;
                global MappingDraft mapping;

                rule "employee id first"
                salience 100
                when
                    Claim( name == "employee_id", $id : value )
                then
                    mapping.setExternalId( $id );
                end
                """);
        CliRun run = CliRun.of("check", drl.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.out());
        assertEquals(drl + ":10:5: warning: the rules \"externalId is the literal sub\" (built-in pack oidc) and "
                + "\"employee id first\" both write externalId with salience 100: when both fire, the one declared later "
                + "wins; give the one that should win a higher salience, or make their conditions exclusive [WRITE_CONFLICT]\n"
                + "1 file checked: 0 errors, 1 warning\n", run.out());
    }

    @Test
    void aMissingPathIsAUsageError() {
        CliRun run = CliRun.of("check", "no/such/rules");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("claimmap: no/such/rules: no such file or folder\n", run.err());
    }

    @Test
    void aRuleFileThatIsNotUtf8IsAUsageErrorSaidOnce() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.drl"), new byte[]{'p', 'a', 'c', 'k', 'a', 'g', 'e', ' ', (byte) 0xe9, ';'});
        CliRun run = CliRun.of("check", latin1.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("claimmap: " + latin1 + ": is not UTF-8 text\n", run.err());
        Path claims = Files.writeString(dir.resolve("claims.json"), "{\"iss\": \"i\", \"sub\": \"s\"}");
        CliRun eval = CliRun.of("eval", claims.toString(), "--rules", latin1.toString());
        assertEquals(ExitCodes.USAGE, eval.exitCode());
        assertEquals("claimmap: --rules " + latin1 + ": is not UTF-8 text\n", eval.err());
    }

    @Test
    void codeNestedTooDeeplyToParseIsAProblemNotAStackOverflow() throws Exception {
        String header = "package acme.deep;\nimport io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\n";
        Path consequence = Files.writeString(dir.resolve("consequence.drl"), header + "rule \"deep\"\nwhen\n    Token()\n"
                + "then\n    int x = " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ";\nend\n");
        Path condition = Files.writeString(dir.resolve("condition.drl"), header + "rule \"deeper\"\nwhen\n    Token( "
                + "(".repeat(100_000) + "issuer == \"x\"" + ")".repeat(100_000) + " )\nthen\nend\n");
        CliRun check = CliRun.of("check", consequence.toString(), condition.toString());
        assertEquals(ExitCodes.FAIL, check.exitCode(), check.err());
        assertTrue(check.out().contains("consequence.drl:8:5: error: the consequence of rule \"deep\" nests expressions too "
                + "deeply to be compiled [COMPILE_ERROR]"), check.out());
        assertTrue(check.out().contains("condition.drl:1:1: error: the file cannot be parsed: it nests expressions too deeply"),
                check.out());
        CliRun validate = CliRun.of("validate", ValidateCommandTest.TOKEN, "--jwks", ValidateCommandTest.JWKS,
                "--now", ValidateCommandTest.NOW, "--rules", consequence.toString());
        assertEquals(ExitCodes.USAGE, validate.exitCode(), validate.err());
        assertTrue(validate.err().contains("nests expressions too deeply to be compiled"), validate.err());
        assertFalse(validate.err().contains("StackOverflowError") || validate.err().contains("\tat "), validate.err());
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
        assertTrue(run.out().contains("fired      acme.conflict » department is support\n"
                + "             matched Token(kind=jwt, issuer=https://acme.okta.com/oauth2/default, subject=00u1a2b3c4d5e6f7g8h9, purpose=messaging)\n"
                + "             qm.department = \"support\"\n"
                + "             raised MAPPING_CONFLICT\n"), run.out());
    }

    @Test
    void badBudgetsAreUsageErrors() {
        CliRun zero = CliRun.of("validate", ValidateCommandTest.TOKEN, "--rule-max-firings", "0");
        assertEquals(ExitCodes.USAGE, zero.exitCode());
        assertTrue(zero.err().contains("the rule firing budget must be at least 1"), zero.err());
        CliRun words = CliRun.of("validate", ValidateCommandTest.TOKEN, "--rule-timeout", "forever");
        assertEquals(ExitCodes.USAGE, words.exitCode());
        assertTrue(words.err().contains("'forever' is not a duration (for example 5s, 500ms, 2m or 0)"), words.err());
    }

    @Test
    void evalAndTestRunRulesWithinTheBudgetGiven() throws Exception {
        Path rules = dir.resolve("loop.drl");
        Files.writeString(rules, """
                package acme.loop;
                import io.claimmap.engine.facts.*;
                rule "fires for every claim"
                when
                    Claim( $n : name )
                then
                    insert( new Claim( $n + "x", java.util.List.of( "y" ) ) );
                end
                """);
        Path claims = dir.resolve("claims.json");
        Files.writeString(claims, "{\"iss\": \"https://acme.eu.auth0.com/\", \"sub\": \"auth0|1\"}");
        CliRun eval = CliRun.of("eval", claims.toString(), "--rules", rules.toString(), "--rule-max-firings", "50",
                "--format", "json");
        assertEquals(ExitCodes.FAIL, eval.exitCode(), eval.out() + eval.err());
        assertTrue(eval.out().contains("the evaluation exceeded its budget of 50 rule firings"), eval.out());
        CliRun test = CliRun.of("test", dir.toString(), "--rule-max-firings", "0");
        assertEquals(ExitCodes.USAGE, test.exitCode(), test.out() + test.err());
        assertTrue(test.err().contains("the rule firing budget must be at least 1"), test.err());
    }
}
