package io.claimmap.examples;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** keys inspect and keys diff on the Okta rotation example, text and JSON approved. */
class KeysExamplesTest {
    private static final String BEFORE = "examples/okta-rotation/jwks-before-rotation.json";
    private static final String AFTER = "examples/okta-rotation/jwks-after-rotation.json";

    private static CliRun run(int exitCode, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals("", run.err());
        assertEquals(exitCode, run.exitCode());
        return run;
    }

    @Test
    void inspect() {
        Approvals.verify(run(0, "keys", "inspect", AFTER, "--now", ExamplesTest.NOW).transcript(), new Options());
    }

    @Test
    void inspectAsJson() {
        Approvals.verify(run(0, "keys", "inspect", AFTER, "--now", ExamplesTest.NOW, "--format", "json").out(),
                new Options().forFile().withExtension(".json"));
    }

    @Test
    void diff() {
        Approvals.verify(run(1, "keys", "diff", BEFORE, AFTER, "--now", ExamplesTest.NOW).transcript(), new Options());
    }

    @Test
    void diffAsJson() {
        Approvals.verify(run(1, "keys", "diff", BEFORE, AFTER, "--now", ExamplesTest.NOW, "--format", "json").out(),
                new Options().forFile().withExtension(".json"));
    }

    private static final String[] SAML_DOCTOR = {"doctor", "--saml-metadata", "examples/saml-okta/metadata-after-rotation.xml",
            "--configured-cert", "examples/saml-okta/okta-saml-2025.cert.pem", "--now", ExamplesTest.NOW};

    @Test
    void inspectSamlMetadata() {
        Approvals.verify(run(0, "keys", "inspect", "examples/saml-okta/metadata-after-rotation.xml", "--now",
                ExamplesTest.NOW).transcript(), new Options());
    }

    @Test
    void diffSamlMetadata() {
        // Certificates have no kid: the sentence names the certificate's fingerprint and what SAML answers (never a
        // serial number shown as a kid, nor KEY_NOT_FOUND).
        Approvals.verify(run(1, "keys", "diff", "examples/saml-okta/metadata.xml",
                "examples/saml-okta/metadata-after-rotation.xml", "--now", ExamplesTest.NOW).transcript(), new Options());
    }

    @Test
    void doctorSamlRotationReadiness() {
        Approvals.verify(run(1, SAML_DOCTOR).transcript(), new Options());
    }

    @Test
    void doctorSamlRotationReadinessAsJson() {
        String[] args = java.util.Arrays.copyOf(SAML_DOCTOR, SAML_DOCTOR.length + 2);
        args[SAML_DOCTOR.length] = "--format";
        args[SAML_DOCTOR.length + 1] = "json";
        Approvals.verify(run(1, args).out(), new Options().forFile().withExtension(".json"));
    }
}
