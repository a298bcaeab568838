package io.claimmap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmap.cli.testing.CliRun;
import io.claimmap.genesys.testing.FakeGenesys;
import io.claimmap.genesys.testing.FakeGenesys.Fault;
import io.claimmap.server.ClaimmapServer;
import org.junit.jupiter.api.AfterEach;
import picocli.CommandLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code validate --genesys} and {@code serve --genesys} against a fake Genesys Cloud org on loopback: the org is the
 * contact directory and the source of the agent's QM profile; whatever it answers, validation goes on; the client
 * secret never shows.
 */
@Isolated("replaces System.out and the environment --genesys reads")
class GenesysValidateTest {
    static final String ROOT = "../";
    static final String SALESFORCE = ROOT + "examples/salesforce/token.jwt";
    static final String SALESFORCE_JWKS = ROOT + "examples/salesforce/jwks.json";
    static final String SALESFORCE_SUB = "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD";
    static final String SAML = ROOT + "examples/saml-okta/response.xml";
    static final String SAML_METADATA = ROOT + "examples/saml-okta/metadata.xml";
    static final String NOW = "2026-11-21T12:00:00Z";
    static final String CLIENT_ID = "claimmap-test";
    static final String SECRET = "s3cret-that-must-never-show";
    static final ObjectMapper JSON = new ObjectMapper();

    FakeGenesys genesys;

    @BeforeEach
    void start() {
        genesys = new FakeGenesys(CLIENT_ID, SECRET);
        GenesysOption.environment(Map.of(io.claimmap.engine.genesys.GenesysOrgs.CLIENT_ID, CLIENT_ID,
                io.claimmap.engine.genesys.GenesysOrgs.CLIENT_SECRET, SECRET));
    }

    @AfterEach
    void stop() {
        GenesysOption.environment(null);
        genesys.close();
    }

    private JsonNode validate(int exit, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("validate"));
        all.addAll(List.of(args));
        all.addAll(List.of("--genesys", genesys.url(), "--now", NOW, "--format", "json"));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals("", run.err());
        assertEquals(exit, run.exitCode(), run.out());
        assertFalse(run.out().contains(SECRET));
        return JSON.readTree(run.out());
    }

    private static List<String> codes(JsonNode result) {
        List<String> codes = new ArrayList<>();
        result.get("findings").forEach(f -> codes.add(f.get("code").asText()));
        return codes;
    }

    private static JsonNode finding(JsonNode result, String code) {
        for (JsonNode f : result.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return f;
            }
        }
        throw new AssertionError(code + " not in " + codes(result));
    }

    @Test
    void aContactTheOrgHasIsFound() throws Exception {
        genesys.contact(SALESFORCE_SUB, "c-1", "Ada", "Lovelace");
        JsonNode result = validate(0, SALESFORCE, "--jwks", SALESFORCE_JWKS);
        assertEquals("found", result.at("/genesys/contact/status").asText());
        assertEquals("c-1", result.at("/genesys/contact/id").asText());
        assertEquals("Ada Lovelace", result.at("/genesys/contact/name").asText());
        assertTrue(codes(result).contains("EXTERNAL_CONTACT_FOUND"));
    }

    @Test
    void aContactUnderTheMappedExternalIdOfAnotherPersonIsAConflict() throws Exception {
        genesys.contact(SALESFORCE_SUB, "c-1", "Ada", "Lovelace").contact("0055g00000ABcdeAAD", "c-2", "Ada", "Duplicate");
        JsonNode result = validate(0, SALESFORCE, "--jwks", SALESFORCE_JWKS);
        assertTrue(finding(result, "EXTERNAL_CONTACT_CONFLICT").get("message").asText().contains("c-2"));
    }

    @Test
    void aMissingPermissionIsAWarningAndTheContactIsNotChecked() throws Exception {
        genesys.fault(FakeGenesys.NEW_LOOKUP, Fault.status(403, "missing.permissions", "You are missing the following permission(s)"));
        JsonNode result = validate(0, SALESFORCE, "--jwks", SALESFORCE_JWKS);
        assertEquals("not-checked", result.at("/genesys/contact/status").asText());
        JsonNode unavailable = finding(result, "GENESYS_UNAVAILABLE");
        assertEquals("warning", unavailable.get("severity").asText());
        assertTrue(unavailable.get("message").asText().contains("externalContacts:contact:view"), unavailable.toString());
        assertFalse(codes(result).contains("EXTERNAL_CONTACT_NOT_FOUND"));
    }

    @Test
    void anUnavailableLookupOfTheMappedExternalIdIsAWarningAndTheLiteralSubStillDecides() throws Exception {
        // The literal sub: not found on either endpoint; the mapped externalId: a 403.
        genesys.fault(FakeGenesys.NEW_LOOKUP, Fault.status(404, "not.found", "not found"),
                Fault.status(403, "missing.permissions", "missing permission"));
        JsonNode result = validate(1, SALESFORCE, "--jwks", SALESFORCE_JWKS);
        assertEquals("not-found", result.at("/genesys/contact/status").asText());
        assertTrue(finding(result, "GENESYS_UNAVAILABLE").get("message").asText().contains("the mapped externalId"));
        assertTrue(codes(result).contains("EXTERNAL_CONTACT_NOT_FOUND"));
    }

    @Test
    void credentialsTheOrgRefusesAreAWarningWithoutTheSecret() throws Exception {
        GenesysOption.environment(Map.of(io.claimmap.engine.genesys.GenesysOrgs.CLIENT_ID, CLIENT_ID,
                io.claimmap.engine.genesys.GenesysOrgs.CLIENT_SECRET, SECRET + "-wrong"));
        JsonNode result = validate(0, SALESFORCE, "--jwks", SALESFORCE_JWKS);
        assertEquals("not-checked", result.at("/genesys/contact/status").asText());
        assertFalse(result.toString().contains(SECRET), result.toString());
        assertTrue(codes(result).contains("GENESYS_UNAVAILABLE"));
    }

    @Test
    void theAgentsQmFindingsComeFromTheGenesysProfile() throws Exception {
        genesys.user("grace.hopper@example.com", "u-1", null, "Billing");
        JsonNode result = validate(0, SAML, "--saml-metadata", SAML_METADATA);
        assertEquals("found", result.at("/genesys/user/status").asText());
        assertEquals("u-1", result.at("/genesys/user/id").asText());
        assertTrue(result.at("/genesys/user/name").isNull());
        assertEquals("Billing", result.at("/genesys/user/department").asText());
        assertFalse(result.get("genesys").has("contact"));
        // The IdP sends a name; the profile, which QM shows, has none.
        assertEquals("Grace Hopper", result.at("/mapping/qm/agentName").asText());
        assertEquals(List.of("QM_AGENT_NAME_MISSING"), codes(result));
        assertEquals(List.of("POST /oauth/token", "POST " + FakeGenesys.USERS_SEARCH), genesys.requests());
    }

    @Test
    void aDepartmentTheProfileLacksIsReported() throws Exception {
        genesys.user("grace.hopper@example.com", "u-1", "Grace Hopper", "Sales");
        JsonNode result = validate(0, SAML, "--saml-metadata", SAML_METADATA);
        assertEquals(List.of("QM_PROFILE_DEPARTMENT_MISSING"), codes(result));
        assertEquals("info", finding(result, "QM_PROFILE_DEPARTMENT_MISSING").get("severity").asText());
        assertTrue(finding(result, "QM_PROFILE_DEPARTMENT_MISSING").get("message").asText().contains("\"Billing\""));
    }

    @Test
    void anAgentWithoutAGenesysUserIsAnError() throws Exception {
        JsonNode result = validate(1, SAML, "--saml-metadata", SAML_METADATA);
        assertEquals("not-found", result.at("/genesys/user/status").asText());
        assertEquals("error", finding(result, "GENESYS_USER_NOT_FOUND").get("severity").asText());
    }

    @Test
    void anUnavailableUserSearchFallsBackToTheIdpsAttributes() throws Exception {
        genesys.fault(FakeGenesys.USERS_SEARCH, Fault.status(403, "missing.permissions", "missing permission"));
        JsonNode result = validate(0, SAML, "--saml-metadata", SAML_METADATA);
        assertEquals("not-checked", result.at("/genesys/user/status").asText());
        assertTrue(finding(result, "GENESYS_UNAVAILABLE").get("message").asText().contains("directory:user:view"));
        assertEquals(List.of("GENESYS_UNAVAILABLE"), codes(result));
    }

    @Test
    void contactsAndGenesysTogetherAreAUsageError() {
        CliRun run = CliRun.of("validate", SALESFORCE, "--jwks", SALESFORCE_JWKS, "--contacts",
                ROOT + "examples/salesforce/contacts.json", "--genesys", genesys.url(), "--now", NOW);
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("claimmap: --contacts and --genesys both say which External Contacts exist: give one "
                + "(--genesys asks the org itself)\n", run.err());
        assertEquals(List.of(), genesys.requests());
    }

    @Test
    void genesysWithoutAnOAuthClientIsAUsageError() {
        GenesysOption.environment(Map.of());
        CliRun run = CliRun.of("validate", SALESFORCE, "--jwks", SALESFORCE_JWKS, "--genesys", genesys.url());
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("claimmap: --genesys needs an OAuth client"), run.err());
    }

    /** The playground's Genesys prediction for an agent is the user QM reads (an agent has no contact to look up). */
    @Test
    void thePlaygroundShowsTheGenesysUserOfAnAgent() throws Exception {
        genesys.user("grace.hopper@example.com", "u-1", "Grace Hopper", null);
        JsonNode answer = playground(SAML, "--saml-metadata", SAML_METADATA);
        assertEquals("found", answer.at("/result/genesys/user/status").asText());
        assertEquals(List.of("user found (id u-1): QM reads this profile", "name Grace Hopper", "department (none)"),
                lines(answer.get("genesysText")));
    }

    /**
     * With --genesys given, a contact the org did not answer for is not checked because the org did not answer: the
     * text (validate's and the playground's) must not tell the user to give the --genesys they gave.
     */
    @Test
    void aContactTheOrgDidNotAnswerForIsSaidSoInTextAndInThePlayground() throws Exception {
        Fault forbidden = Fault.status(403, "missing.permissions", "You are missing the following permission(s)");
        genesys.fault(FakeGenesys.NEW_LOOKUP, forbidden, forbidden);
        CliRun run = CliRun.of("validate", SALESFORCE, "--jwks", SALESFORCE_JWKS, "--genesys", genesys.url(), "--now", NOW);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\n  contact     not checked (Genesys Cloud did not answer)\n"), run.out());
        assertFalse(run.out().contains("give --contacts or --genesys"), run.out());

        JsonNode answer = playground(SALESFORCE, "--jwks", SALESFORCE_JWKS);
        assertEquals("not-checked", answer.at("/result/genesys/contact/status").asText());
        assertEquals("contact not checked (Genesys Cloud did not answer)", lines(answer.get("genesysText")).get(1));
    }

    /** The playground's answer for this input, from a server with these key options and the fake org. */
    private JsonNode playground(String input, String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--drain-timeout", "0", "--no-access-log", "--ui"));
        args.addAll(List.of(keys));
        args.addAll(List.of("--genesys", genesys.url(), "--now", NOW));
        CommandLine.ParseResult parsed = ClaimmapCommand.commandLine().parseArgs(args.toArray(String[]::new));
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        ClaimmapServer server = ServeRunner.start(serve, new PrintWriter(new StringWriter(), true));
        HttpResponse<String> response;
        try {
            String body = JSON.createObjectNode().put("input", Files.readString(Path.of(input))).toString();
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/playground/run")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop();
        }
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> lines(JsonNode array) {
        List<String> lines = new ArrayList<>();
        array.forEach(line -> lines.add(line.asText()));
        return lines;
    }

    @Test
    void serveSharesOneClientCountsLookupsAndNeverShowsTheSecret() throws Exception {
        genesys.contact(SALESFORCE_SUB, "c-1", "Ada", "Lovelace");
        CommandLine cli = ClaimmapCommand.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("serve", "--port", "0", "--drain-timeout", "0", "--jwks", SALESFORCE_JWKS,
                "--genesys", genesys.url(), "--now", NOW);
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        PrintStream stdout = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        ClaimmapServer server;
        List<String> bodies = new ArrayList<>();
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            server = ServeRunner.start(serve, new PrintWriter(err, true));
            try {
                String base = "http://127.0.0.1:" + server.port();
                HttpClient http = HttpClient.newHttpClient();
                String token = Files.readString(Path.of(SALESFORCE)).strip();
                for (int i = 0; i < 2; i++) {
                    bodies.add(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/validate"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + token + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                }
                bodies.add(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } finally {
                server.stop();
            }
        } finally {
            System.setOut(stdout);
        }
        assertEquals("found", JSON.readTree(bodies.get(0)).at("/genesys/contact/status").asText());
        assertEquals(bodies.get(0), bodies.get(1));
        String metrics = bodies.get(2);
        assertTrue(metrics.contains("claimmap_genesys_lookups_total{kind=\"contact\",result=\"found\"} 1.0\n"), metrics);
        assertTrue(metrics.contains("claimmap_genesys_lookups_total{kind=\"contact\",result=\"cached\"} 2.0\n"), metrics);
        // Look-ups wait on the network: the request threads validate, not one thread per core.
        assertTrue(metrics.contains("\nclaimmap_validation_threads 0.0\n"), metrics);
        // One login for the server's life: the second request was answered from the cache.
        assertEquals(1, genesys.tokenRequests());
        for (String shown : List.of(metrics, bodies.get(0), log.toString(StandardCharsets.UTF_8), err.toString())) {
            assertFalse(shown.contains(SECRET), shown);
        }
    }
}
