package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code claimmap claims} (the facts the rules see) and {@code claimmap eval} (the rules over plain claims). */
class ClaimsAndEvalCommandTest {
    static final String ROOT = "../examples/";
    static final String NOW = "2026-11-21T12:00:00Z";

    @TempDir
    Path dir;

    private Path claims(String json) throws Exception {
        Path file = dir.resolve("claims.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void claimsOfAVerifiedToken() {
        CliRun run = CliRun.of("claims", ROOT + "custom-rules/token.jwt", "--jwks", ROOT + "custom-rules/jwks.json", "--now", NOW);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Approvals.verify(run.transcript());
    }

    @Test
    void claimsAsJson() {
        CliRun run = CliRun.of("claims", ROOT + "custom-rules/token.jwt", "--jwks", ROOT + "custom-rules/jwks.json", "--now", NOW,
                "--format", "json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Approvals.verify(run.out(), new Options().forFile().withExtension(".json"));
    }

    @Test
    void claimsOfAnUnverifiedSamlResponseSaySo() {
        CliRun run = CliRun.of("claims", ROOT + "saml-okta/response.xml", "--now", NOW);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Approvals.verify(run.transcript());
        assertTrue(CliRun.of("claims", ROOT + "saml-okta/response.xml", "--now", NOW, "--format", "json").out()
                .contains("\"verified\": false"));
    }

    /** A token, SAML message or claims given as the argument itself is a usage error that never repeats it. */
    @Test
    void contentGivenAsTheArgumentIsRefusedWithoutEchoingIt() throws Exception {
        String token = Files.readString(Path.of(ROOT + "salesforce/token.jwt")).strip();
        String claims = "{\"sub\": \"00D5g000004SxyzEAC\"}";
        for (String[] args : new String[][] {{"validate", token}, {"claims", token}, {"claims", "Bearer " + token},
                {"eval", claims}}) {
            CliRun run = CliRun.of(args);
            assertEquals(ExitCodes.USAGE, run.exitCode(), String.join(" ", args));
            assertTrue(run.err().contains("INPUT looks like the content itself"), run.err());
            String secret = args[0].equals("eval") ? "00D5g000004SxyzEAC" : token.substring(40, 80);
            assertFalse(run.err().contains(secret), "echoed: " + run.err());
            assertEquals("", run.out());
        }
        // a file whose name merely starts like a token is still read
        Path file = dir.resolve("eyJ-named.json");
        Files.writeString(file, claims);
        CliRun named = CliRun.of("eval", file.toString());
        assertNotEquals(ExitCodes.USAGE, named.exitCode(), named.err());
    }

    @Test
    void claimsOfMalformedInputIsExitOne() throws Exception {
        CliRun run = CliRun.of("claims", claims("not a token").toString());
        assertEquals(ExitCodes.FAIL, run.exitCode());
        assertTrue(run.out().startsWith("unknown, NOT verified (MALFORMED_INPUT)"), run.out());
    }

    @Test
    void evalExplainsTheMissOfAnIssuerTypo() throws Exception {
        Path rules = dir.resolve("typo.drl");
        Files.writeString(rules, """
                package acme;
                import io.claimmap.engine.facts.*;
                global MappingDraft mapping;

                rule "Acme Auth0: externalId is the CRM customer id"
                when
                    Token( issuer == "https://acme.eu.auth0.com" )
                    Claim( name == "https://acme.example/customer_id", $customerId : value )
                then
                    mapping.setExternalId( $customerId );
                end
                """);
        Path input = claims("""
                {"iss": "https://acme.eu.auth0.com/", "sub": "auth0|65f0c0ffee", "https://acme.example/customer_id": "C-10442"}
                """);
        CliRun text = CliRun.of("eval", input.toString(), "--rules", rules.toString(), "--explain");
        assertEquals(ExitCodes.OK, text.exitCode(), text.err());
        CliRun json = CliRun.of("eval", input.toString(), "--rules", rules.toString(), "--explain", "--format", "json");
        Approvals.verify(text.transcript() + "\n" + json.transcript());
    }

    @Test
    void evalWithTheExampleRules() throws Exception {
        Path input = claims("""
                {"iss": "https://acme.eu.auth0.com/", "sub": "auth0|65f0c0ffee", "https://acme.example/customer_id": "C-10442",
                 "email": "linus@example.com", "email_verified": false}
                """);
        CliRun run = CliRun.of("eval", input.toString(), "--rules", ROOT + "rules", "--format", "json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Approvals.verify(run.out(), new Options().forFile().withExtension(".json"));
    }

    @Test
    void evalSamlClaimsForAnAgent() throws Exception {
        Path input = claims("{\"iss\": \"http://www.okta.com/exk1\", \"sub\": \"grace@example.com\", \"firstName\": \"Grace\","
                + " \"lastName\": \"Hopper\"}");
        CliRun run = CliRun.of("eval", input.toString(), "--kind", "saml", "--fail-on", "warning");
        assertEquals(ExitCodes.FAIL, run.exitCode(), "QM_DEPARTMENT_MISSING is a warning: " + run.out());
        assertTrue(run.out().contains("agentName   Grace Hopper"), run.out());
        assertTrue(run.out().contains("QM_DEPARTMENT_MISSING"), run.out());
        CliRun messaging = CliRun.of("eval", input.toString(), "--kind", "saml", "--purpose", "messaging");
        assertFalse(messaging.out().contains("QM_"), messaging.out());
    }

    @Test
    void evalNeverPrintsRawControlCharacters() throws Exception {
        Path rules = dir.resolve("r.drl");
        Files.writeString(rules, "package x;\nimport io.claimmap.engine.facts.*;\nrule \"r\" when Token( issuer == \"a\" ) then end\n");
        Path input = claims("{\"iss\": \"https://evil\\u001b[2J\\u202e/\", \"sub\": \"u\\u0007\"}");
        CliRun run = CliRun.of("eval", input.toString(), "--rules", rules.toString(), "--explain");
        // The trace (this command's part of the text; the report's header is escaped by TextReport).
        String trace = run.out().substring(run.out().indexOf("Trace"));
        assertFalse(trace.contains("\u001b") || trace.contains("\u202e") || trace.contains("\u0007"), trace);
        assertTrue(trace.contains("\\u001b[2J\\u202e/"), trace);
    }

    @Test
    void claimsTakesThePurpose() {
        CliRun run = CliRun.of("claims", ROOT + "custom-rules/token.jwt", "--purpose", "agent", "--now", NOW);
        assertTrue(run.out().contains("  purpose     \"agent\"\n"), run.out());
        assertTrue(run.out().startsWith("jwt, NOT verified (SIGNATURE_NOT_CHECKED)"), run.out());
    }

    @Test
    void evalWithContactsAndOnlyTheRulesGiven() throws Exception {
        Path input = claims("{\"iss\": \"https://login.salesforce.com\", "
                + "\"sub\": \"https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD\"}");
        CliRun found = CliRun.of("eval", input.toString(), "--contacts", ROOT + "salesforce/contacts-literal-url.csv");
        assertTrue(found.out().contains("EXTERNAL_CONTACT_FOUND"), found.out());
        CliRun own = CliRun.of("eval", input.toString(), "--no-builtin-rules", "--rules", ROOT + "rules", "--format", "json");
        assertEquals(ExitCodes.FAIL, own.exitCode(), own.out());
        assertTrue(own.out().contains("EXTERNAL_ID_UNMAPPED"), "no built-in pack maps the sub: " + own.out());
    }

    @Test
    @ResourceLock("java.lang.System.in") // replaces System.in: not while another test class does
    void evalAndClaimsReadStandardInput() throws Exception {
        java.io.InputStream original = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("{\"iss\": \"https://x/\", \"sub\": \"from-stdin\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            CliRun eval = CliRun.of("eval", "-");
            assertTrue(eval.out().contains("externalId  from-stdin"), eval.out() + eval.err());
            System.setIn(new java.io.ByteArrayInputStream(Files.readAllBytes(Path.of(ROOT + "custom-rules/token.jwt"))));
            CliRun claims = CliRun.of("claims", "-", "--jwks", ROOT + "custom-rules/jwks.json", "--now", NOW);
            assertTrue(claims.out().startsWith("jwt, verified\n"), claims.out() + claims.err());
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void evalUsageErrors() throws Exception {
        CliRun notObject = CliRun.of("eval", claims("[1, 2]").toString());
        assertEquals(ExitCodes.USAGE, notObject.exitCode());
        assertTrue(notObject.err().contains("not a JSON object"), notObject.err());
        CliRun duplicate = CliRun.of("eval", claims("{\"sub\": \"a\", \"sub\": \"b\"}").toString());
        assertEquals(ExitCodes.USAGE, duplicate.exitCode());
        assertTrue(duplicate.err().contains("duplicate member"), duplicate.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("eval", "missing.json").exitCode());
        assertEquals(ExitCodes.USAGE, CliRun.of("eval", claims("{}").toString(), "--kind", "oidc").exitCode());
        assertEquals(ExitCodes.USAGE, CliRun.of("eval", claims("{}").toString(), "--no-builtin-rules").exitCode());
    }
}
