package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** audit and diff as commands: options, usage errors, threads, and the report's self-containment. */
class AuditCommandTest {
    @TempDir
    Path dir;

    private Path corpus() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(corpus.resolve("customers.jsonl"), String.join("\n",
                "{\"iss\": \"https://acme.okta.com/oauth2/default\", \"sub\": \"00u1\"}",
                "{\"iss\": \"https://login.salesforce.com\", \"sub\": \"https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD\"}",
                "{\"iss\": \"https://acme.okta.com/oauth2/default\"}",
                "not json <script>alert(1)</script>",
                "{\"iss\": \"https://idp.example\", \"sub\": \"auth0|abc\"}"));
        Files.writeString(corpus.resolve("agent.json"), "{\"iss\": \"i\", \"sub\": \"a@example.com\", \"name\": \"Ada\"}");
        return corpus;
    }

    @Test
    void writesResultsSummaryAndReport() throws Exception {
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("audit", corpus().toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err(), "no progress when stderr is not a terminal");
        assertTrue(run.out().startsWith("6 entries: 3 pass, 1 warn, 2 fail"), run.out());
        assertEquals(6, Files.readAllLines(out.resolve("results.jsonl")).size());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"MALFORMED_INPUT\" : 1")
                || Files.readString(out.resolve("summary.json")).contains("\"MALFORMED_INPUT\": 1"));
    }

    @Test
    void theReportIsSelfContainedAndEscapesWhatTheCorpusHolds() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, CliRun.of("audit", corpus().toString(), "--out", out.toString()).exitCode());
        String html = Files.readString(out.resolve("report.html"));
        assertFalse(Pattern.compile("\\b(src|href|action|xlink:href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "nothing refers to another resource");
        assertFalse(html.contains("url("), "no CSS url()");
        assertFalse(html.contains("@import"));
        assertFalse(html.contains("<script>alert"), "corpus content is escaped");
        assertFalse(html.contains("://"), "no URL, not even the corpus' issuers and subs as text");
        for (String section : new String[]{"verdicts", "findings", "shapes", "genesys", "qm", "coverage", "problems"}) {
            assertTrue(html.contains("<section id=\"" + section + "\""), section);
        }
    }

    @Test
    void anOutFolderInsideTheCorpusIsNotPartOfIt() throws Exception {
        Path corpus = corpus();
        Path out = corpus.resolve("audit");
        CliRun first = CliRun.of("audit", corpus.toString(), "--out", out.toString());
        CliRun again = CliRun.of("audit", corpus.toString(), "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(first.out(), again.out(), "the second run reads no result of the first");
    }

    @Test
    void failOnGatesOnlyWhenGiven() throws Exception {
        Path corpus = corpus();
        assertEquals(0, CliRun.of("audit", corpus.toString(), "--out", dir.resolve("a").toString()).exitCode());
        assertEquals(1, CliRun.of("audit", corpus.toString(), "--out", dir.resolve("b").toString(), "--fail-on", "error").exitCode());
        Path passing = Files.writeString(dir.resolve("one.json"), "{\"iss\": \"i\", \"sub\": \"s\"}");
        Path warning = Files.writeString(dir.resolve("warn.json"),
                "{\"iss\": \"https://login.salesforce.com\", \"sub\": \"https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD\"}");
        assertEquals(0, CliRun.of("audit", passing.toString(), "--out", dir.resolve("c").toString(), "--fail-on", "warning").exitCode());
        assertEquals(0, CliRun.of("audit", warning.toString(), "--out", dir.resolve("d").toString(), "--fail-on", "error").exitCode());
        assertEquals(1, CliRun.of("audit", warning.toString(), "--out", dir.resolve("e").toString(), "--fail-on", "warning").exitCode());
    }

    @Test
    void oneThreadOrFourGiveTheSameResults() throws Exception {
        Path corpus = corpus();
        CliRun.of("audit", corpus.toString(), "--out", dir.resolve("one").toString(), "--threads", "1");
        CliRun.of("audit", corpus.toString(), "--out", dir.resolve("four").toString(), "--threads", "4");
        assertEquals(Files.readString(dir.resolve("one/results.jsonl")), Files.readString(dir.resolve("four/results.jsonl")));
    }

    @Test
    void kindSamlReadsClaimsAsSaml() throws Exception {
        Path out = dir.resolve("out");
        Path agent = Files.writeString(dir.resolve("agent.json"), "{\"iss\": \"i\", \"sub\": \"a@example.com\", "
                + "\"displayName\": \"Ada\", \"department\": \"Billing\"}");
        assertEquals(0, CliRun.of("audit", agent.toString(), "--out", out.toString(), "--kind", "saml").exitCode());
        String line = Files.readString(out.resolve("results.jsonl"));
        assertTrue(line.contains("\"agentName\":\"Ada\",\"department\":\"Billing\""), line);
        assertEquals(0, CliRun.of("audit", agent.toString(), "--out", out.toString(), "--purpose", "messaging", "--kind", "saml").exitCode());
        assertTrue(Files.readString(out.resolve("results.jsonl")).contains("\"agentName\":null"));
    }

    @Test
    void usageErrorsExitTwoWithOneLine() throws Exception {
        CliRun missing = CliRun.of("audit", dir.resolve("nope").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("claimmap: " + dir.resolve("nope") + ": no such file or folder\n", missing.err());
        assertEquals(2, CliRun.of("audit", corpus().toString()).exitCode(), "--out is required");
        assertEquals(2, CliRun.of("audit", corpus().toString(), "--out", dir.resolve("o").toString(), "--threads", "-1").exitCode());
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun notAFolder = CliRun.of("audit", corpus().toString(), "--out", file.toString());
        assertEquals(2, notAFolder.exitCode());
        assertTrue(notAFolder.err().startsWith("claimmap: --out " + file), notAFolder.err());
        assertEquals(2, CliRun.of("diff", corpus().toString(), "--rules", dir.toString()).exitCode(), "--base is required");
        CliRun noBase = CliRun.of("diff", "--base", dir.resolve("none.drl").toString(), corpus().toString());
        assertEquals(2, noBase.exitCode());
        assertEquals("claimmap: --base " + dir.resolve("none.drl") + ": no such file or folder\n", noBase.err());
        CliRun noKeys = CliRun.of("diff", "--base", "../examples/rules", corpus().toString(), "--jwks", dir.resolve("k").toString());
        assertEquals("claimmap: --jwks " + dir.resolve("k") + ": no such file\n", noKeys.err());
    }

    @Test
    void diffWithTheSameRulesChangesNothing() throws Exception {
        Path rules = Files.writeString(dir.resolve("empty.drl"), "package empty.rules;\n");
        CliRun run = CliRun.of("diff", "--base", rules.toString(), "--rules", rules.toString(), corpus().toString(),
                "--format", "json", "--fail-on-change");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"changed\": 0"), run.out());
        assertTrue(run.out().contains("\"changes\": [ ]") || run.out().contains("\"changes\": []"), run.out());
    }
}
