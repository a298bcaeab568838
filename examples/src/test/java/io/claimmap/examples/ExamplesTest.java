package io.claimmap.examples;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every scenario of examples/README.md, run through the CLI as a user types it; its text and JSON outputs are
 * approved files (approvals/ExamplesTest.*.approved.*), so a change in what claimmap tells users shows up in review.
 */
class ExamplesTest {
    static final String NOW = "2026-11-21T12:00:00Z";
    static final String OKTA_SAML_ISSUER = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9";
    static final String GENESYS_SAML_AUDIENCE = "https://login.mypurecloud.com/saml";

    record Scenario(String name, int exitCode, List<String> args) {
        /** The input file: a token, or a SAML message (.xml). */
        String input() {
            return args.get(0);
        }

        boolean saml() {
            return input().endsWith(".xml");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("salesforce-contact-keyed-by-user-id", 1, List.of("examples/salesforce/token.jwt",
                        "--jwks", "examples/salesforce/jwks.json", "--contacts", "examples/salesforce/contacts.json")),
                new Scenario("salesforce-contact-keyed-by-literal-url", 0, List.of("examples/salesforce/token.jwt",
                        "--jwks", "examples/salesforce/jwks.json", "--contacts", "examples/salesforce/contacts-literal-url.csv")),
                new Scenario("okta-rotation-old-key-set", 1, List.of("examples/okta-rotation/token.jwt",
                        "--jwks", "examples/okta-rotation/jwks-before-rotation.json",
                        "--issuer", "https://acme.okta.com/oauth2/default", "--audience", "0oa-genesys-messenger")),
                new Scenario("okta-rotation-new-key-set", 0, List.of("examples/okta-rotation/token.jwt",
                        "--jwks", "examples/okta-rotation/jwks-after-rotation.json",
                        "--issuer", "https://acme.okta.com/oauth2/default", "--audience", "0oa-genesys-messenger")),
                new Scenario("agent-without-department", 0, List.of("examples/agent-qm/token.jwt",
                        "--jwks", "examples/agent-qm/jwks.json", "--purpose", "agent")),
                new Scenario("agent-with-department", 0, List.of("examples/agent-qm/token-with-department.jwt",
                        "--jwks", "examples/agent-qm/jwks.json", "--purpose", "agent")),
                new Scenario("custom-rules", 0, List.of("examples/custom-rules/token.jwt",
                        "--jwks", "examples/custom-rules/jwks.json", "--rules", "examples/rules", "--explain")),
                new Scenario("saml-okta", 0, List.of("examples/saml-okta/response.xml",
                        "--saml-metadata", "examples/saml-okta/metadata.xml",
                        "--issuer", OKTA_SAML_ISSUER, "--audience", GENESYS_SAML_AUDIENCE)),
                new Scenario("saml-okta-rotation-old-metadata", 1, List.of("examples/saml-okta/response-after-rotation.xml",
                        "--saml-metadata", "examples/saml-okta/metadata.xml",
                        "--issuer", OKTA_SAML_ISSUER, "--audience", GENESYS_SAML_AUDIENCE)),
                new Scenario("saml-okta-rotation-new-metadata", 0, List.of("examples/saml-okta/response-after-rotation.xml",
                        "--saml-metadata", "examples/saml-okta/metadata-after-rotation.xml",
                        "--issuer", OKTA_SAML_ISSUER, "--audience", GENESYS_SAML_AUDIENCE)),
                new Scenario("saml-okta-without-department", 0, List.of("examples/saml-okta/response-without-department.xml",
                        "--key", "examples/saml-okta/okta-saml-2025.cert.pem")));
    }

    private static CliRun run(Scenario scenario, String... extra) {
        List<String> args = new ArrayList<>(List.of("validate"));
        args.addAll(scenario.args());
        args.addAll(List.of("--now", NOW));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals("", run.err(), "stderr of " + scenario);
        assertEquals(scenario.exitCode(), run.exitCode(), "exit status of " + scenario);
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void text(Scenario scenario) {
        Approvals.verify(run(scenario).transcript(), new Options().forFile().withAdditionalInformation(scenario.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void json(Scenario scenario) {
        Approvals.verify(run(scenario, "--format", "json").out(),
                new Options().forFile().withAdditionalInformation(scenario.name()).forFile().withExtension(".json"));
    }
}
