package io.claimmap.engine.saml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.input.HardenedXml;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.testing.FuzzFixtures;
import io.claimmap.engine.testing.TestCertificates;
import io.claimmap.engine.testing.TestSaml;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.w3c.dom.Document;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What a signed Assertion says, however odd: the fuzzed bytes are an Assertion that the test IdP signs before the
 * message is checked, so that the checks behind the signature (SignedAssertion, SamlConditions: dates, audiences,
 * NameID, attributes) see mutated content that verifies. Every outcome is findings, never an exception.
 * Seeds: SignedAssertionFuzzTestInputs/signAndCheck (Assertions without their signature).
 */
@ResourceLock(FuzzFixtures.JAZZER)
class SignedAssertionFuzzTest {
    private static final SamlChecks CHECKS = new SamlChecks(List.of(TestCertificates.trusting(TestSaml.idp().certificate())),
            List.of(TestSaml.ISSUER), List.of(TestSaml.AUDIENCE), Duration.ofSeconds(60));

    @FuzzTest
    @Timeout(30)
    void signAndCheck(byte[] input) {
        Document document;
        try {
            document = HardenedXml.parse(new String(input, StandardCharsets.UTF_8), "the assertion");
        } catch (MalformedInputException e) {
            return;
        }
        if (!SamlMessage.is(document.getDocumentElement(), SamlMessage.ASSERTION, "Assertion")) {
            return;
        }
        String signed;
        try {
            TestSaml.sign(document.getDocumentElement(), TestSaml.idp(), TestSaml.SignOptions.STANDARD);
            signed = TestSaml.serialize(document);
        } catch (IllegalStateException e) {
            return; // the test's signer cannot sign this one (no ID, say): nothing to check
        }
        SamlMessage message;
        try {
            message = SamlMessage.parse(signed);
        } catch (MalformedInputException e) {
            assertNotNull(e.getMessage());
            return;
        }
        SamlChecks.Outcome outcome = CHECKS.check(message, TestSaml.NOW);
        outcome.findings().forEach(finding -> assertNotNull(finding.code()));
        if (outcome.assertion() != null) {
            outcome.assertion().claimFacts().forEach(claim -> assertNotNull(claim));
            assertNotNull(outcome.assertion().audiences());
        }
    }
}
