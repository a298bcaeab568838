package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import io.claimmap.genesys.testing.FakeGenesys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keys and doctor as users meet them: exit statuses and one-line errors. */
@Isolated("replaces the environment --genesys reads")
class KeysAndDoctorCommandTest {
    static final String JWKS = "../examples/okta-rotation/jwks-after-rotation.json";

    @TempDir
    Path dir;

    private static String usageError(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        return run.err();
    }

    @Test
    void inspectIsExitZeroWithoutErrorsAndOneWithThem() throws Exception {
        assertEquals(ExitCodes.OK, CliRun.of("keys", "inspect", JWKS).exitCode());
        Path expired = Path.of(getClass().getResource("/expired.pem").toURI());
        CliRun run = CliRun.of("keys", "inspect", expired.toString(), "--now", "2026-11-21T12:00:00Z", "--format", "json");
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.out());
        assertTrue(run.out().contains("\"code\": \"CERT_EXPIRED\""), run.out());
        assertTrue(run.out().contains("\"daysLeft\": -"), run.out());
    }

    @Test
    void warnDaysMovesTheExpiryWarning() throws Exception {
        Path expired = Path.of(getClass().getResource("/expired.pem").toURI());
        CliRun run = CliRun.of("keys", "inspect", expired.toString(), "--now", "2024-11-21T12:00:00Z", "--warn-days", "60");
        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().contains("CERT_EXPIRING_SOON"), run.out());
        assertTrue(usageError("keys", "inspect", JWKS, "--warn-days", "-1").contains("--warn-days"));
        // Exit status as validate's: --fail-on warning makes a warning exit 1, for a scheduled rotation check.
        assertEquals(ExitCodes.FAIL, CliRun.of("keys", "inspect", expired.toString(), "--now", "2024-11-21T12:00:00Z",
                "--warn-days", "60", "--fail-on", "warning").exitCode());
    }

    @Test
    void doctorFailsOnWarningsWithFailOnWarning() {
        String[] doctor = {"doctor", "--saml-metadata", "../examples/saml-okta/metadata.xml", "--configured-cert",
                "../examples/saml-okta/okta-saml-2025.cert.pem", "--now", "2028-10-20T12:00:00Z"};
        CliRun warn = CliRun.of(doctor);
        assertEquals(ExitCodes.OK, warn.exitCode(), warn.out() + warn.err());
        assertTrue(warn.out().startsWith("WARN") && warn.out().contains("CERT_EXPIRING_SOON"), warn.out());
        String[] gate = java.util.Arrays.copyOf(doctor, doctor.length + 2);
        gate[doctor.length] = "--fail-on";
        gate[doctor.length + 1] = "warning";
        assertEquals(ExitCodes.FAIL, CliRun.of(gate).exitCode());
    }

    @Test
    void unreadableOrUnrecognisedSourcesAreUsageErrors() throws Exception {
        assertTrue(usageError("keys", "inspect", "missing.json").contains("missing.json: no such file"));
        Path notPem = dir.resolve("key.pem");
        Files.writeString(notPem, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertTrue(usageError("keys", "inspect", notPem.toString()).contains("not PEM"));
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertTrue(usageError("keys", "inspect", text.toString()).contains("neither a JWK Set"));
        assertTrue(usageError("keys", "diff", JWKS).contains("NEW"));
        assertTrue(usageError("keys", "inspect", JWKS, "--now", "soon").contains("--now"));
        // The hint names the subcommand by its full path: 'claimmap inspect --help' is no command at all.
        assertTrue(usageError("keys", "inspect").contains("Try 'claimmap keys inspect --help' for the options."));
        assertTrue(usageError("keys", "diff", JWKS).contains("Try 'claimmap keys diff --help' for the options."));
    }

    @Test
    void keysDiffExitsOneWhenTokensSignedNowWillFail() {
        String before = "../examples/okta-rotation/jwks-before-rotation.json";
        CliRun changed = CliRun.of("keys", "diff", before, JWKS, "--format", "json");
        assertEquals(ExitCodes.FAIL, changed.exitCode(), changed.out());
        assertTrue(changed.out().contains("\"tokensWillFail\": true"), changed.out());
        CliRun same = CliRun.of("keys", "diff", JWKS, JWKS);
        assertEquals(ExitCodes.OK, same.exitCode(), same.out());
        assertTrue(same.out().contains("the same keys"), same.out());
    }

    @Test
    void doctorNeedsSomethingToCheck() {
        assertTrue(usageError("doctor").contains("nothing to check"));
        assertTrue(usageError("doctor", "--configured-cert", "x.pem").contains("needs --saml-metadata"));
        assertTrue(usageError("doctor", "--saml-metadata", "missing.xml").contains("missing.xml: no such file"));
        assertTrue(usageError("doctor", "--discovery", "https://idp.example.com", "--now", "soon").contains("--now"));
    }

    @Test
    void doctorFailsForAnUnreachableProvider() {
        CliRun run = CliRun.of("doctor", "--discovery", "http://127.0.0.1:9/", "--format", "json");
        assertEquals(ExitCodes.FAIL, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"code\": \"DISCOVERY_UNAVAILABLE\""), run.out());
    }

    @Test
    void doctorGenesysUsageErrorsNameTheFixAndNeverTheSecret() {
        String metadata = "../examples/saml-okta/metadata.xml";
        try {
            GenesysOption.environment(Map.of());
            assertEquals("claimmap: --genesys needs a region or URL (or GENESYSCLOUD_REGION in the environment)",
                    usageError("doctor", "--saml-metadata", metadata, "--genesys").lines().findFirst().orElseThrow());
            assertTrue(usageError("doctor", "--saml-metadata", metadata, "--genesys", "mypurecloud.ie")
                    .contains("GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET"));
            GenesysOption.environment(Map.of("GENESYSCLOUD_OAUTHCLIENT_ID", "id", "GENESYSCLOUD_OAUTHCLIENT_SECRET", "hunter2",
                    "GENESYSCLOUD_REGION", "nowhere.example"));
            String unknown = usageError("doctor", "--saml-metadata", metadata, "--genesys");
            assertTrue(unknown.contains("unknown region \"nowhere.example\""), unknown);
            assertFalse(unknown.contains("hunter2"));
            assertTrue(usageError("doctor", "--saml-metadata", metadata, "--genesys", "http://genesys.example")
                    .contains("must be https"));
            assertTrue(usageError("doctor", "--discovery", "https://idp.example.com", "--genesys", "mypurecloud.ie")
                    .contains("give --saml-metadata too"));
            assertTrue(usageError("doctor", "--saml-metadata", metadata, "--configured-cert", "x.pem", "--genesys")
                    .contains("give one"));
        } finally {
            GenesysOption.environment(null);
        }
    }

    @Test
    void doctorGenesysFindsTheProviderByTheMetadataEntityId() throws Exception {
        String pem = Files.readString(Path.of("../examples/saml-okta/okta-saml-2025.cert.pem"));
        try (FakeGenesys genesys = new FakeGenesys("id", "hunter2")) {
            genesys.provider("okta", "Okta", "http://www.okta.com/exk1a2b3c4d5e6f7g8h9", List.of(pem));
            GenesysOption.environment(Map.of("GENESYSCLOUD_OAUTHCLIENT_ID", "id", "GENESYSCLOUD_OAUTHCLIENT_SECRET", "hunter2",
                    "GENESYSCLOUD_REGION", genesys.url()));
            CliRun ready = CliRun.of("doctor", "--saml-metadata", "../examples/saml-okta/metadata.xml", "--genesys",
                    "--now", "2026-11-21T12:00:00Z", "--format", "json");
            assertEquals(ExitCodes.OK, ready.exitCode(), ready.out() + ready.err());
            assertTrue(ready.out().contains("nothing to do: Genesys Cloud holds exactly the certificates the IdP publishes"), ready.out());
            genesys.fault(FakeGenesys.PROVIDERS, FakeGenesys.Fault.status(403, "missing.permissions", "Missing permission"));
            CliRun forbidden = CliRun.of("doctor", "--saml-metadata", "../examples/saml-okta/metadata.xml", "--genesys",
                    "--now", "2026-11-21T12:00:00Z");
            assertEquals(ExitCodes.OK, forbidden.exitCode(), forbidden.out() + forbidden.err());
            assertTrue(forbidden.out().contains("GENESYS_UNAVAILABLE"), forbidden.out());
            assertTrue(forbidden.out().contains("sso:provider:view"), forbidden.out());
            assertFalse(forbidden.out().contains("hunter2"));
        } finally {
            GenesysOption.environment(null);
        }
    }
}
