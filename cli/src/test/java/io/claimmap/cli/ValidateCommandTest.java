package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as users meet it: options, exit statuses, and one-line errors without stack traces. */
class ValidateCommandTest {
    static final String ROOT = "../";
    static final String TOKEN = ROOT + "examples/okta-rotation/token.jwt";
    static final String JWKS = ROOT + "examples/okta-rotation/jwks-after-rotation.json";
    static final String NOW = "2026-11-21T12:00:00Z";

    @TempDir
    Path dir;

    private static CliRun usageError(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(run.err().startsWith("claimmap: "), run.err());
        assertEquals("", run.out());
        return run;
    }

    @Test
    void aTokenThatDoesNotVerifyIsNotLookedUpAndTheTextSaysWhy() {
        String salesforce = ROOT + "examples/salesforce/";
        CliRun run = CliRun.of("validate", salesforce + "token.jwt", "--jwks", JWKS, "--contacts",
                salesforce + "contacts-literal-url.csv", "--now", NOW);
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.err());
        assertTrue(run.out().contains("contact     not checked (the input is not verified: nothing is looked up for it)"),
                run.out());
        assertFalse(run.out().contains("Ada Lovelace"), run.out());
    }

    @Test
    void passIsExitZeroAndFailIsExitOne() {
        assertEquals(ExitCodes.OK, CliRun.of("validate", TOKEN, "--jwks", JWKS, "--now", NOW).exitCode());
        assertEquals(ExitCodes.FAIL, CliRun.of("validate", TOKEN, "--jwks", JWKS, "--now", "2027-01-01T00:00:00Z").exitCode());
    }

    @Test
    void aMissingInputFileIsAUsageError() {
        assertEquals("claimmap: nope.jwt: no such file\n", usageError("validate", "nope.jwt").err());
    }

    @Test
    void aFolderAsInputIsAUsageError() {
        assertTrue(usageError("validate", dir.toString()).err().contains("is a folder"));
    }

    @Test
    void aBadNowIsAUsageError() {
        assertTrue(usageError("validate", TOKEN, "--now", "yesterday").err().contains("'--now': 'yesterday' is not an ISO-8601 instant"));
    }

    @Test
    void aNowWithAnOffsetIsAccepted() {
        assertEquals(ExitCodes.OK, CliRun.of("validate", TOKEN, "--jwks", JWKS, "--now", "2026-11-21T13:00:00+01:00").exitCode());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertTrue(usageError("validate", TOKEN, "--purpose", "robot").err().contains("'--purpose': expected messaging or agent, not 'robot'"));
        assertTrue(usageError("validate", TOKEN, "--format", "xml").err().contains("--format"));
        assertTrue(usageError("validate", TOKEN, "--clock-skew", "-5").err().contains("--clock-skew"));
        assertTrue(usageError("validate", TOKEN, "--clock-skew", "9000000000000").err().contains("between 0 and 86400"));
        assertTrue(usageError("validate", TOKEN, "--clock-skew", "soon").err().contains("--clock-skew"));
        CliRun unknown = usageError("validate", TOKEN, "--jkws", JWKS);
        assertTrue(unknown.err().contains("Try 'claimmap validate --help'"), unknown.err());
    }

    @Test
    void unreadableKeyRuleAndContactFilesAreUsageErrors() {
        assertTrue(usageError("validate", TOKEN, "--jwks", "missing.json").err().contains("--jwks missing.json: no such file"));
        assertTrue(usageError("validate", TOKEN, "--key", "missing.pem").err().contains("--key missing.pem: no such file"));
        assertTrue(usageError("validate", TOKEN, "--rules", "missing.drl").err().contains("--rules missing.drl"));
        assertTrue(usageError("validate", TOKEN, "--contacts", "missing.csv").err().contains("--contacts missing.csv: no such file"));
        assertTrue(usageError("validate", TOKEN, "--no-builtin-rules").err().contains("needs at least one --rules"));
        assertTrue(usageError("validate", TOKEN, "--jwks", "http://idp.example.com/keys").err().contains("plain http"));
        assertTrue(usageError("validate", TOKEN, "--saml-metadata", "missing.xml").err()
                .contains("--saml-metadata missing.xml: no such file"));
        assertTrue(usageError("validate", TOKEN, "--saml-metadata", "http://idp.example.com/metadata").err().contains("plain http"));
        assertTrue(usageError("validate", TOKEN, "--saml-metadata", JWKS).err().contains("not well-formed XML"));
    }

    @Test
    void filesThatAreNotUtf8AreUsageErrorsThatSaySo() throws Exception {
        Path drl = Files.write(dir.resolve("latin1.drl"), "package acme; // caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("claimmap: --rules " + drl + ": is not UTF-8 text\n", usageError("validate", TOKEN, "--rules", drl.toString()).err());
        Path jwks = Files.write(dir.resolve("latin1.json"), "{\"keys\": [], \"x\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("claimmap: --jwks " + jwks + ": is not UTF-8 text\n", usageError("validate", TOKEN, "--jwks", jwks.toString()).err());
    }

    @Test
    void rulesThatDoNotCompileAreExitTwoWithFileLineAndColumn() throws Exception {
        Path drl = dir.resolve("broken.drl");
        Files.writeString(drl, "package acme;\nimport io.claimmap.engine.facts.*;\nrule \"x\"\nwhen\n    Token( isuer == \"y\" )\nthen\nend\n");
        String err = usageError("validate", TOKEN, "--rules", drl.toString()).err();
        assertTrue(err.contains(drl + ":5:12: error: Unable to parse left part of expression: isuer == \"y\"; did you mean issuer?"), err);
    }

    @Test
    void anyContentIsAValidationResultNotAUsageError() throws Exception {
        Path big = dir.resolve("big.jwt");
        Files.write(big, new byte[2 * 1024 * 1024]);
        CliRun run = CliRun.of("validate", big.toString(), "--format", "json");
        assertEquals(ExitCodes.FAIL, run.exitCode());
        assertTrue(run.out().contains("\"code\": \"MALFORMED_INPUT\""), run.out());
        assertTrue(run.out().contains("over the 1024 KiB limit"), run.out());
    }

    @Test
    @ResourceLock("java.lang.System.in") // replaces System.in: not while another test class does
    void readsStandardInput() throws Exception {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Path.of(TOKEN))));
            assertEquals(ExitCodes.OK, CliRun.of("validate", "-", "--jwks", JWKS, "--now", NOW).exitCode());
            System.setIn(new ByteArrayInputStream("garbage".getBytes(StandardCharsets.UTF_8)));
            assertEquals(ExitCodes.FAIL, CliRun.of("validate", "-", "--now", NOW).exitCode());
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void explainAddsTheTraceToText() {
        CliRun run = CliRun.of("validate", TOKEN, "--jwks", JWKS, "--now", NOW, "--explain");
        assertTrue(run.out().contains("\nTrace\n  fired      oidc » externalId is the literal sub\n"
                + "             matched Token("), run.out());
    }

    @Test
    void aTokenGivenAsTheInputArgumentIsAUsageErrorThatNeverPrintsIt() throws Exception {
        String token = Files.readString(Path.of(TOKEN)).strip();
        for (String argument : List.of(token, "Bearer " + token, "<samlp:Response/>")) {
            String err = usageError("validate", argument, "--jwks", JWKS).err();
            assertTrue(err.contains("use") || err.contains("file"), err);
            assertTrue(err.contains("pass - and give it on standard input"), err);
            assertFalse(err.contains(token.substring(0, 20)) || err.contains(token.substring(token.length() - 20)), err);
        }
    }

    @Test
    void noColourWhenNotATerminal() {
        assertFalse(CliRun.of("validate", TOKEN, "--jwks", JWKS, "--now", NOW).out().contains("\u001b["));
    }

    @Test
    void versionAndHelp() {
        CliRun version = CliRun.of("--version");
        assertEquals(ExitCodes.OK, version.exitCode());
        assertTrue(version.out().startsWith("claimmap "), version.out());
        assertEquals(CliRun.of("validate", "--help").out(), CliRun.of("help", "validate").out());
        Approvals.verify(CliRun.of("--help").out() + "\n----\n" + CliRun.of("validate", "--help").out()
                        + "\n----\n" + CliRun.of("serve", "--help").out(),
                new Options().forFile().withAdditionalInformation("help"));
    }

    @Test
    void aTokenNoKeyCanVerifyFailsClosed() {
        CliRun run = CliRun.of("validate", TOKEN, "--now", NOW, "--format", "json");
        assertEquals(ExitCodes.FAIL, run.exitCode());
        assertTrue(run.out().contains("\"code\": \"SIGNATURE_NOT_CHECKED\",\n      \"severity\": \"error\""), run.out());
    }

    @Test
    void unverifiedPreviewsUnverifiedClaimsAsAWarning() {
        CliRun run = CliRun.of("validate", TOKEN, "--now", NOW, "--unverified", "--format", "json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out());
        assertTrue(run.out().contains("\"verdict\": \"warn\""), run.out());
        assertTrue(run.out().contains("\"code\": \"SIGNATURE_NOT_CHECKED\",\n      \"severity\": \"warning\""), run.out());
    }

    @Test
    void failOnWarningExitsOneOnAWarnVerdict() {
        assertEquals(ExitCodes.OK, CliRun.of("validate", TOKEN, "--now", NOW, "--unverified").exitCode());
        assertEquals(ExitCodes.FAIL, CliRun.of("validate", TOKEN, "--now", NOW, "--unverified", "--fail-on", "warning").exitCode());
        assertEquals(ExitCodes.OK, CliRun.of("validate", TOKEN, "--jwks", JWKS, "--now", NOW, "--fail-on", "warning").exitCode());
        assertTrue(usageError("validate", TOKEN, "--fail-on", "info").err().contains("--fail-on"));
    }

    @Test
    void nowTakesEpochSecondsToo() {
        CliRun run = CliRun.of("validate", TOKEN, "--jwks", JWKS, "--now", "1795262400", "--format", "json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    }

    @Test
    void serveWithoutAnyKeySourceRefusesToStart() {
        assertTrue(usageError("serve", "--port", "0").err().contains("no key source"));
    }

    @Test
    void badServeSettingsAreUsageErrors() throws Exception {
        assertTrue(usageError("serve", "--threads", "2").err().contains("at least 4 threads"));
        assertTrue(usageError("serve", "--api-key", "short").err().contains("at least 16 characters"));
        assertTrue(usageError("serve", "--max-body-bytes", "0").err().contains("body limit"));
        assertTrue(usageError("serve", "--now", "later").err().contains("--now"));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertTrue(usageError("serve", "--jwks", JWKS, "--port", String.valueOf(taken.getLocalPort())).err()
                    .contains("cannot listen on"));
        }
    }
}
