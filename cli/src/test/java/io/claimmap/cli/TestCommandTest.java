package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code claimmap test}: policy test files, their three output forms, coverage, and precise usage errors. */
class TestCommandTest {
    static final String DIR = "src/test/resources/policytest/";
    static final String ACME = DIR + "acme.test.yaml";

    private static String scrubTimes(String xml) {
        return xml.replaceAll("time=\"[0-9.]+\"", "time=\"T\"");
    }

    private static CliRun usageError(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err() + run.out());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(run.err().startsWith("claimmap: "), run.err());
        return run;
    }

    @Test
    void aFailureNamesExpectedAndActualAndExplainsTheRuleThatDidNotFire() {
        CliRun run = CliRun.of("test", ACME);
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.err());
        assertTrue(run.out().endsWith("\n1 passed, 2 failed\n"), run.out());
        Approvals.verify(run.transcript());
    }

    @Test
    void json() {
        CliRun run = CliRun.of("test", ACME, "--format", "json");
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.err());
        Approvals.verify(run.out(), new Options().forFile().withExtension(".json"));
    }

    @Test
    void junitXmlIsWhatCiSystemsRead() throws Exception {
        CliRun run = CliRun.of("test", ACME, DIR + "shared", "--format", "junit");
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.err());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        Element root = xml.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("5", root.getAttribute("tests"));
        assertEquals("2", root.getAttribute("failures"));
        NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(3, suites.getLength());
        assertEquals(DIR + "acme.test.yaml", ((Element) suites.item(0)).getAttribute("name"));
        NodeList cases = root.getElementsByTagName("testcase");
        assertEquals(5, cases.getLength());
        Element first = (Element) cases.item(0);
        assertEquals("Auth0 database users map to the part after the pipe", first.getAttribute("name"));
        Element failure = (Element) first.getElementsByTagName("failure").item(0);
        assertEquals("externalId: expected \"64f1c2\", got \"auth0|64f1c2\"", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("unmatched Token( issuer == \"https://acme.eu.auth0.com\" ): "
                + "the token's issuer is \"https://acme.eu.auth0.com/\""), failure.getTextContent());
        assertEquals(0, ((Element) cases.item(1)).getElementsByTagName("failure").getLength());
        Double.parseDouble(first.getAttribute("time"));
        Approvals.verify(scrubTimes(run.out()), new Options().forFile().withExtension(".xml"));
    }

    @Test
    void coverageListsEveryUserRuleAndTheThresholdFailsBelowIt() {
        CliRun run = CliRun.of("test", DIR + "shared", "--coverage");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Approvals.verify(run.transcript());
        assertEquals(ExitCodes.OK, CliRun.of("test", DIR + "shared", "--threshold", "50").exitCode());
        CliRun below = CliRun.of("test", DIR + "shared", "--threshold", "75");
        assertEquals(ExitCodes.FAIL, below.exitCode());
        assertTrue(below.out().contains("Coverage 50% is below the threshold of 75%"), below.out());
        assertTrue(CliRun.of("test", DIR + "shared", "--threshold", "75", "--format", "json").out()
                .contains("\"percent\": 50.0"));
    }

    @Test
    void runSelectsCasesByName() {
        CliRun run = CliRun.of("test", ACME, "--run", "^contractors");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out());
        assertEquals("1 passed, 0 failed\n", run.out());
        assertEquals("0 passed, 0 failed\n", CliRun.of("test", ACME, "--run", "nothing matches this").out());
    }

    @Test
    void rulesAreCompiledOncePerRuleSet() {
        List<PolicyTestFile> files = TestCommand.find(List.of(Path.of(DIR + "shared"), Path.of(ACME))).stream()
                .map(p -> PolicyTestFile.read(p, p.toString())).toList();
        PolicyTestRunner runner = new PolicyTestRunner(List.of(), true, Instant.parse("2026-11-21T12:00:00Z"), false);
        runner.prepare(files);
        assertEquals(5, runner.run(files, name -> true).size());
        assertEquals(1, runner.ruleSetsCompiled(), "three files, one rule set");
    }

    @Test
    void rulesFromTheCommandLineServeFilesWithoutRules() {
        CliRun run = CliRun.of("test", "../examples/salesforce", "--rules", DIR + "acme.drl", "--coverage");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out());
        assertTrue(run.out().contains("never fired"), run.out());
    }

    @Test
    void badTestFilesAreUsageErrorsNamingFileAndLine() {
        assertEquals("claimmap: " + DIR + "bad/syntax.test.yaml:6: not valid YAML: ",
                usageError("test", DIR + "bad/syntax.test.yaml").err().lines().findFirst().orElseThrow()
                        .replaceAll("YAML: .*", "YAML: "));
        assertEquals("claimmap: " + DIR + "bad/member.test.yaml:4: unknown member expected: in a case (known: claims, "
                + "contacts, expect, keys, kind, name, now, purpose, saml, token)\n", usageError("test", DIR + "bad/member.test.yaml").err());
        assertEquals("claimmap: " + DIR + "bad/missing.test.yaml:3: token: nope.jwt: no such file (relative to this file)\n",
                usageError("test", DIR + "bad/missing.test.yaml").err());
        assertEquals("claimmap: " + DIR + "bad/verdict.test.yaml:4: verdict: must be pass, warn or fail, not \"maybe\"\n",
                usageError("test", DIR + "bad/verdict.test.yaml").err());
        assertTrue(usageError("test", DIR + "bad/duplicate.test.yaml").err().startsWith("claimmap: " + DIR
                + "bad/duplicate.test.yaml:5: two cases are named \"a\""));
        CliRun compile = usageError("test", DIR + "bad/compile.test.yaml");
        assertTrue(compile.err().startsWith("claimmap: " + DIR + "bad/compile.test.yaml: rules do not compile"), compile.err());
        assertEquals("", compile.out(), "nothing runs when a rule set does not compile");
    }

    @Test
    void aYamlErrorWithoutALocationStillNamesALine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("deep.test.yaml"), "cases:\n  - name: x\n    claims: {x: "
                + "[".repeat(2000) + "]".repeat(2000) + "}\n    expect: {externalId: x}\n");
        assertEquals("claimmap: " + file + ":3: not valid YAML: ", usageError("test", file.toString()).err().lines()
                .findFirst().orElseThrow().replaceAll("YAML: .*", "YAML: "));
    }

    @Test
    void aTokenPastedWhereAPathIsExpectedIsNeverEchoed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String token = java.nio.file.Files.readString(Path.of("../examples/agent-qm/token.jwt")).strip();
        Path file = java.nio.file.Files.writeString(dir.resolve("pasted.test.yaml"), "cases:\n  - name: x\n    token: " + token
                + "\n    keys: {jwks: jwks.json}\n    expect: {verdict: pass}\n");
        String err = usageError("test", file.toString()).err();
        assertFalse(err.contains(token.split("\\.")[1]), err);
        assertTrue(err.startsWith("claimmap: " + file + ":3: token: the value looks like a token"), err);
        Path rules = java.nio.file.Files.writeString(dir.resolve("rules.test.yaml"), "rules: [" + token
                + "]\ncases:\n  - name: x\n    claims: {sub: x}\n    expect: {verdict: pass}\n");
        err = usageError("test", rules.toString()).err();
        assertFalse(err.contains(token.split("\\.")[1]), err);
    }

    @Test
    void keysFromADiscoveryDocument() {
        CliRun run = CliRun.of("test", DIR + "discovery");
        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    }

    @Test
    void withoutTheBuiltinPacksOnlyTheFilesRulesMap() {
        CliRun run = CliRun.of("test", DIR + "shared", "--no-builtin-rules");
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.out());
        assertTrue(run.out().contains("externalId: expected \"u1\", got null"), run.out());
        assertTrue(run.out().endsWith("\n0 passed, 2 failed\n"), run.out());
    }

    @Test
    void helpOfTheAuthorsCommands() {
        Approvals.verify(CliRun.of("test", "--help").out() + "\n----\n" + CliRun.of("claims", "--help").out()
                + "\n----\n" + CliRun.of("eval", "--help").out());
    }

    @Test
    void optionsAndPathsAreChecked() {
        assertTrue(usageError("test", "no-such-folder").err().contains("no-such-folder: no such file or folder"));
        assertTrue(usageError("test", "src/main").err().contains("no *.test.yaml or *.test.yml file under src/main"));
        assertTrue(usageError("test", ACME, "--run", "(").err().contains("'--run': not a regular expression"));
        assertTrue(usageError("test", ACME, "--threshold", "120").err().contains("between 0 and 100"));
        assertTrue(usageError("test", ACME, "--format", "xml").err().contains("--format"));
    }
}
