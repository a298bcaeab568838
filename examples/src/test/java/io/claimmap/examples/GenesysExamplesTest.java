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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code doctor --genesys} on the Okta SAML rotation example, against a fake Genesys Cloud org on loopback that
 * holds the 2025 certificate for the provider whose issuer URI is the metadata's entityID (as {@code certificate},
 * base64 DER, and again in {@code certificates}, PEM). The port varies and is scrubbed.
 */
@Isolated("replaces the environment --genesys reads")
class GenesysExamplesTest {
    static final String CLIENT_ID = "claimmap-doctor";
    static final String CLIENT_SECRET = "example-secret-never-printed";

    FakeGenesys genesys;

    @BeforeEach
    void start() throws Exception {
        String pem = Files.readString(Path.of("examples/saml-okta/okta-saml-2025.cert.pem"));
        String der = pem.replaceAll("-----[A-Z ]+-----|\\s", "");
        genesys = new FakeGenesys(CLIENT_ID, CLIENT_SECRET)
                .provider("okta", "Okta agent SSO", ExamplesTest.OKTA_SAML_ISSUER, List.of(der, pem));
        GenesysOption.environment(Map.of("GENESYSCLOUD_OAUTHCLIENT_ID", CLIENT_ID, "GENESYSCLOUD_OAUTHCLIENT_SECRET", CLIENT_SECRET));
    }

    @AfterEach
    void stop() {
        GenesysOption.environment(null);
        genesys.close();
    }

    private String run(String... format) {
        List<String> args = new ArrayList<>(List.of("doctor", "--saml-metadata",
                "examples/saml-okta/metadata-after-rotation.xml", "--genesys", genesys.url(), "--now", ExamplesTest.NOW));
        args.addAll(List.of(format));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals("", run.err());
        assertEquals(1, run.exitCode());
        return run.transcript().replace(genesys.url(), "http://127.0.0.1:PORT");
    }

    @Test
    void doctorAgainstGenesysCloud() {
        Approvals.verify(run(), new Options());
        assertEquals(List.of("POST /oauth/token", "GET /api/v2/identityproviders/okta"), genesys.requests());
    }

    @Test
    void doctorAgainstGenesysCloudAsJson() {
        Approvals.verify(run("--format", "json").substring("$ exit 1\n".length()), new Options().forFile().withExtension(".json"));
    }
}
