package io.claimmap.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.cli.ClaimmapCommand;
import io.claimmap.cli.ServeCommand;
import io.claimmap.cli.ServeRunner;
import io.claimmap.cli.testing.CliRun;
import io.claimmap.server.ClaimmapServer;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/population through {@code audit} and through {@code diff} between the two versions of Acme's policy; the
 * outputs are approved files. And the decision log of {@code serve} replayed as a corpus gives what the inputs gave.
 */
class PopulationTest {
    static final String POPULATION = "examples/population";
    static final List<String> OPTIONS = List.of("--jwks", POPULATION + "/jwks.json",
            "--saml-metadata", POPULATION + "/metadata.xml", "--contacts", POPULATION + "/contacts.csv",
            "--now", ExamplesTest.NOW);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    static CliRun audit(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", POPULATION + "/corpus", "--out", out.toString(),
                "--rules", POPULATION + "/rules-v1"));
        args.addAll(OPTIONS);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun diff(String... extra) {
        List<String> args = new ArrayList<>(List.of("diff", "--base", POPULATION + "/rules-v1", "--rules",
                POPULATION + "/rules-v2", POPULATION + "/corpus"));
        args.addAll(OPTIONS);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void audit() throws Exception {
        CliRun run = audit(out);
        assertEquals("", run.err());
        Approvals.verify(run.transcript().replace(out.toString(), "OUT"), new Options().forFile().withAdditionalInformation("stdout"));
        Approvals.verify(Files.readString(out.resolve("results.jsonl")),
                new Options().forFile().withAdditionalInformation("results").forFile().withExtension(".jsonl"));
        Approvals.verify(scrubRevisions(Files.readString(out.resolve("summary.json"))),
                new Options().forFile().withAdditionalInformation("summary").forFile().withExtension(".json"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
    }

    @Test
    void auditFailsOnWarningsOrErrorsOnlyWhenAsked() {
        assertEquals(1, audit(out, "--fail-on", "error").exitCode());
        assertEquals(1, audit(out, "--fail-on", "warning").exitCode());
        assertEquals(0, audit(out).exitCode());
    }

    @Test
    void diffText() {
        CliRun run = diff();
        assertEquals("", run.err());
        Approvals.verify(scrubRevisions(run.transcript()), new Options().forFile().withAdditionalInformation("text"));
    }

    @Test
    void diffJson() {
        CliRun run = diff("--format", "json");
        assertEquals(0, run.exitCode());
        Approvals.verify(scrubRevisions(run.out()), new Options().forFile().withAdditionalInformation("json").forFile().withExtension(".json"));
    }

    @Test
    void diffHtmlIsOnePageWithTheChanges() {
        CliRun run = diff("--format", "html");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("<!DOCTYPE html>"));
        assertTrue(run.out().contains("tokens/auth0-margaret.jwt"), run.out());
        assertTrue(run.out().contains("<svg"));
        assertFalse(run.out().contains("customers.jsonl:3<"), "an unchanged entry costs no output");
    }

    @Test
    void diffFailsOnChangeWhenAsked() {
        assertEquals(1, diff("--fail-on-change").exitCode());
        CliRun same = CliRun.of(Stream.concat(Stream.of("diff", "--base", POPULATION + "/rules-v1", "--rules",
                POPULATION + "/rules-v1", POPULATION + "/corpus", "--fail-on-change"), OPTIONS.stream()).toArray(String[]::new));
        assertEquals(0, same.exitCode(), same.err());
        assertTrue(same.out().startsWith("25 entries: 0 changed, 25 unchanged"), same.out());
    }

    /**
     * serve with {@code --decision-log-claims values}: the population's tokens and SAML messages posted to the hook,
     * then the log audited as a corpus. Each record maps as its input did.
     */
    @Test
    void aDecisionLogWithValuesReplaysAsACorpus() throws Exception {
        Path log = out.resolve("decisions.jsonl");
        List<String> serveArgs = new ArrayList<>(List.of("serve", "--port", "0", "--no-access-log", "--drain-timeout", "0",
                "--rules", POPULATION + "/rules-v1", "--decision-log", log.toString(), "--decision-log-claims", "values"));
        serveArgs.addAll(OPTIONS);
        ServeCommand serve = ClaimmapCommand.commandLine().parseArgs(serveArgs.toArray(String[]::new))
                .subcommand().commandSpec().commandLine().getCommand();
        ClaimmapServer server = ServeRunner.start(serve, new PrintWriter(new StringWriter()));
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> tokens = Files.list(Path.of(POPULATION, "corpus/tokens"));
             Stream<Path> saml = Files.list(Path.of(POPULATION, "corpus/saml"))) {
            Stream.concat(tokens, saml).sorted().forEach(inputs::add);
        }
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (Path input : inputs) {
                ObjectNode body = JSON.createObjectNode();
                body.put(input.toString().contains("/saml/") ? "saml" : "token", Files.readString(input));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/v1/validate")).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
            }
        } finally {
            server.stop();
        }
        String logged = Files.readString(log);
        for (Path input : inputs) {
            String text = Files.readString(input).strip();
            assertFalse(logged.contains(text.substring(0, Math.min(40, text.length()))), "the log never holds the input");
        }
        // The truncated token gave no claims: its record replays as MALFORMED_INPUT; the others map as before.
        assertEquals(inputs.size(), logged.lines().count());
        Path replay = out.resolve("replay");
        assertEquals(0, CliRun.of("audit", log.toString(), "--out", replay.toString(), "--rules", POPULATION + "/rules-v1",
                "--contacts", POPULATION + "/contacts.csv").exitCode());
        Path direct = out.resolve("direct");
        audit(direct);
        Map<String, JsonNode> bySource = new HashMap<>();
        Files.readAllLines(direct.resolve("results.jsonl")).forEach(line -> {
            JsonNode node = read(line);
            bySource.put(node.get("source").asText(), node);
        });
        List<String> replayed = Files.readAllLines(replay.resolve("results.jsonl"));
        for (int i = 0; i < inputs.size(); i++) {
            String source = Path.of(POPULATION, "corpus").relativize(inputs.get(i)).toString();
            JsonNode before = bySource.get(source);
            JsonNode after = read(replayed.get(i));
            assertEquals("decisions.jsonl:" + (i + 1), after.get("source").asText());
            if (before.get("codes").toString().contains("MALFORMED_INPUT")) {
                assertEquals("[\"MALFORMED_INPUT\"]", after.get("codes").toString(), source);
                continue;
            }
            for (String field : new String[]{"externalId", "agentName", "department"}) {
                assertEquals(before.get(field), after.get(field), source + " " + field);
            }
        }
    }

    /** Rule revisions are content hashes of the built-in packs too: any edit of a pack would change them. */
    static String scrubRevisions(String text) {
        return text.replaceAll("(\"(?:baseRevision|revision)\": \")[0-9a-f]+\"", "$1REVISION\"")
                .replaceAll("rules [0-9a-f]+ → [0-9a-f]+", "rules REVISION → REVISION");
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
