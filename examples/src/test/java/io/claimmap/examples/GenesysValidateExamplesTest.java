package io.claimmap.examples;

import io.claimmap.cli.GenesysOption;
import io.claimmap.cli.testing.CliRun;
import io.claimmap.genesys.testing.FakeGenesys;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code validate --genesys} on the examples, against a fake Genesys Cloud org on loopback: the Salesforce messaging
 * token whose contact the org has under the literal sub (found) or only under the mapped user id (not found), and the
 * Okta agent whose Genesys profile, which QM reads, has no department although the IdP sends one. The port varies
 * and is scrubbed.
 */
@Isolated("replaces the environment --genesys reads")
class GenesysValidateExamplesTest {
    static final String CLIENT_ID = "claimmap-validate";
    static final String CLIENT_SECRET = "example-secret-never-printed";
    static final String SALESFORCE_SUB = "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD";

    FakeGenesys genesys;

    @BeforeEach
    void start() {
        genesys = new FakeGenesys(CLIENT_ID, CLIENT_SECRET);
        GenesysOption.environment(Map.of("GENESYSCLOUD_OAUTHCLIENT_ID", CLIENT_ID, "GENESYSCLOUD_OAUTHCLIENT_SECRET", CLIENT_SECRET));
    }

    @AfterEach
    void stop() {
        GenesysOption.environment(null);
        genesys.close();
    }

    private String run(int exit, String... args) {
        List<String> all = new ArrayList<>(List.of("validate"));
        all.addAll(List.of(args));
        all.addAll(List.of("--genesys", genesys.url(), "--now", ExamplesTest.NOW));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals("", run.err());
        assertEquals(exit, run.exitCode());
        assertFalse(run.transcript().contains(CLIENT_SECRET));
        return run.transcript().replace(genesys.url(), "http://127.0.0.1:PORT");
    }

    private String salesforce(int exit, String... format) {
        List<String> args = new ArrayList<>(List.of("examples/salesforce/token.jwt", "--jwks", "examples/salesforce/jwks.json"));
        args.addAll(List.of(format));
        return run(exit, args.toArray(String[]::new));
    }

    @Test
    void messagingContactFoundInTheOrg() {
        genesys.contact(SALESFORCE_SUB, "4b1f2c3d-0a9e-4c55-9b1e-6f0d2a7c8e11", "Ada", "Lovelace");
        Approvals.verify(salesforce(0), new Options());
        // The literal sub, then the mapped externalId (is it another contact's?): none, on both lookup endpoints.
        assertEquals(List.of("POST /oauth/token", "POST " + FakeGenesys.NEW_LOOKUP, "POST " + FakeGenesys.NEW_LOOKUP,
                "POST " + FakeGenesys.OLD_LOOKUP), genesys.requests());
    }

    @Test
    void messagingContactOnlyUnderTheMappedExternalId() {
        genesys.contact("0055g00000ABcdeAAD", "4b1f2c3d-0a9e-4c55-9b1e-6f0d2a7c8e11", "Ada", "Lovelace");
        Approvals.verify(salesforce(1), new Options());
    }

    @Test
    void messagingContactOnlyUnderTheMappedExternalIdAsJson() {
        genesys.contact("0055g00000ABcdeAAD", "4b1f2c3d-0a9e-4c55-9b1e-6f0d2a7c8e11", "Ada", "Lovelace");
        Approvals.verify(salesforce(1, "--format", "json").substring("$ exit 1\n".length()),
                new Options().forFile().withExtension(".json"));
    }

    private String agent(String... format) {
        genesys.user("grace.hopper@example.com", "6c1e0b2a-3f4d-4e5a-8b9c-0d1e2f3a4b5c", "Grace Hopper", null);
        List<String> args = new ArrayList<>(List.of("examples/saml-okta/response.xml",
                "--saml-metadata", "examples/saml-okta/metadata.xml", "--issuer", ExamplesTest.OKTA_SAML_ISSUER,
                "--audience", ExamplesTest.GENESYS_SAML_AUDIENCE));
        args.addAll(List.of(format));
        return run(0, args.toArray(String[]::new));
    }

    @Test
    void agentProfileWithoutDepartment() {
        Approvals.verify(agent(), new Options());
        assertEquals(List.of("POST /oauth/token", "POST " + FakeGenesys.USERS_SEARCH), genesys.requests());
    }

    @Test
    void agentProfileWithoutDepartmentAsJson() {
        Approvals.verify(agent("--format", "json").substring("$ exit 0\n".length()),
                new Options().forFile().withExtension(".json"));
    }
}
