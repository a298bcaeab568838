package io.claimmap.engine.saml;

import io.claimmap.engine.ValidationRequest;

import io.claimmap.engine.Purpose;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeySources;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Severity;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.testing.TestCertificates;
import io.claimmap.engine.testing.TestCertificates.Credential;
import io.claimmap.engine.testing.TestSaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.claimmap.engine.saml.SamlTesting.codes;
import static io.claimmap.engine.saml.SamlTesting.validate;
import static io.claimmap.engine.saml.SamlTesting.validator;
import static io.claimmap.engine.testing.TestCertificates.trusting;
import static io.claimmap.engine.testing.TestSaml.NOW;
import static io.claimmap.engine.testing.TestSaml.assertion;
import static io.claimmap.engine.testing.TestSaml.idp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SAML pipeline on good messages and on the everyday problems: rotation, expiry, audience, issuer, QM fields. */
class SamlValidationTest {
    private static final KeySource TRUSTED = trusting(idp().certificate());

    @TempDir
    Path folder;

    @Test
    void aSignedAssertionPassesAndMaps() {
        ValidationResult result = validate(TestSaml.signedAssertion(assertion()), TRUSTED);
        assertEquals(List.of(), result.findings());
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals("saml", result.input().kind());
        assertEquals(TestSaml.ISSUER, result.input().issuer());
        assertEquals(TestSaml.NAME_ID, result.input().subject());
        assertNull(result.input().keyId());
        assertEquals("RSA-SHA256", result.input().algorithm());
        assertEquals(TestSaml.NAME_ID, result.mapping().externalId());
        assertEquals("Grace Hopper", result.mapping().qm().agentName());
        assertEquals("Billing", result.mapping().qm().department());
    }

    @Test
    void aResponseWithASignedAssertionPasses() {
        assertEquals(List.of(), validate(TestSaml.signedResponse(assertion(), true, false, idp()), TRUSTED).findings());
    }

    @Test
    void aSignedResponseCoversItsUnsignedAssertion() {
        ValidationResult result = validate(TestSaml.signedResponse(assertion(), false, true, idp()), TRUSTED);
        assertEquals(List.of(), result.findings());
        assertEquals(TestSaml.NAME_ID, result.mapping().externalId());
    }

    @Test
    void aResponseSignedTwiceVerifiesBothSignatures() {
        assertEquals(List.of(), validate(TestSaml.signedResponse(assertion(), true, true, idp()), TRUSTED).findings());
    }

    @Test
    void base64AsPostedToTheAcsIsTheSameMessage() {
        String xml = TestSaml.signedResponse(assertion(), true, false, idp());
        String posted = Base64.getMimeEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
        ValidationResult result = validate(posted, TRUSTED);
        assertEquals(List.of(), result.findings());
        assertEquals(TestSaml.NAME_ID, result.input().subject());
    }

    @Test
    void aCapturedFormBodyOrAUrlEncodedSamlResponseIsTheSameMessage() {
        String xml = TestSaml.signedResponse(assertion(), true, false, idp());
        String encoded = Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8))
                .replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
        for (String pasted : List.of(encoded, "SAMLResponse=" + encoded + "&RelayState=https%3A%2F%2Fapps.example.com%2F",
                "\ufeff" + xml)) {
            ValidationResult result = validate(pasted, TRUSTED);
            assertEquals(List.of(), result.findings());
            assertEquals(TestSaml.NAME_ID, result.input().subject());
        }
    }

    @Test
    void theDefaultPurposeOfSamlIsAgent() {
        String xml = TestSaml.signedAssertion(assertion().withoutAttribute("department"));
        ValidationResult asAgent = validate(xml, TRUSTED);
        assertEquals(List.of("QM_DEPARTMENT_MISSING"), codes(asAgent));
        assertEquals(Verdict.WARN, asAgent.verdict());
        assertEquals(List.of(), validate(xml, Purpose.MESSAGING, TRUSTED).findings());
    }

    @Test
    void attributesBecomeClaimsWithEveryValue() {
        var message = TestSaml.signedAssertion(assertion().attribute("groups", "agents", "billing-team"));
        SamlChecks.Outcome outcome = new SamlChecks(List.of(TRUSTED), List.of(), List.of(), Duration.ofSeconds(60))
                .check(parse(message), NOW);
        SignedAssertion read = outcome.assertion();
        assertEquals(List.of("agents", "billing-team"), read.claims().get("groups"));
        assertEquals("Grace Hopper", read.claims().get("displayName"));
        assertEquals(List.of(TestSaml.AUDIENCE), read.audiences());
        assertEquals(List.of("agents", "billing-team"), read.claimFacts().stream()
                .filter(c -> c.getName().equals("groups")).findFirst().orElseThrow().getValues());
    }

    @Test
    void withoutTrustTheSignatureIsNotCheckedButTheMappingIsShown() {
        ValidationResult result = validate(TestSaml.signedAssertion(assertion()));
        assertEquals(List.of("SIGNATURE_NOT_CHECKED"), codes(result));
        assertEquals(TestSaml.NAME_ID, result.mapping().externalId());
    }

    @Test
    void aRotatedCertificateIsNotTrustedAndBothFingerprintsAreNamed() {
        Credential rotated = TestCertificates.rsa("okta-test-idp-2027", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1000)));
        ValidationResult result = validate(TestSaml.signedResponse(assertion(), true, false, rotated), TRUSTED);
        assertEquals(List.of("CERT_NOT_TRUSTED"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
        Finding finding = result.findings().get(0);
        assertTrue(finding.message().contains(SamlTrust.fingerprint(rotated.certificate())), finding.message());
        assertTrue(finding.message().contains(SamlTrust.fingerprint(idp().certificate())), finding.message());
        assertTrue(finding.message().contains("CN=okta-test-idp-2027"), finding.message());
        assertTrue(finding.message().contains("valid " + rotated.certificate().getNotBefore().toInstant()), finding.message());
        assertTrue(finding.message().contains("intact"), finding.message());
        assertTrue(finding.remedy().contains("upload the new one"), finding.remedy());
        assertTrue(finding.remedy().contains("before activating it at the IdP"), finding.remedy());
        assertEquals(TestSaml.NAME_ID, result.mapping().externalId(), "the mapping is still shown, as for a JWT");
    }

    @Test
    void duringARotationBothCertificatesAreTrusted() {
        Credential rotated = TestCertificates.rsa("okta-test-idp-2027", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1000)));
        assertEquals(List.of(), validate(TestSaml.signedResponse(assertion(), true, true, rotated),
                trusting(idp().certificate(), rotated.certificate())).findings());
    }

    @Test
    void anExpiredVerifyingCertificateIsCertExpired() {
        Credential old = TestCertificates.rsa("okta-2025", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(3)));
        ValidationResult result = validate(TestSaml.signedResponse(assertion(), true, false, old), trusting(old.certificate()));
        assertEquals(List.of("CERT_EXPIRED"), codes(result));
        assertTrue(result.findings().get(0).message().contains("expired 3 days ago"), result.findings().get(0).message());
    }

    @Test
    void aVerifyingCertificateExpiringWithin30DaysIsCertExpiringSoon() {
        Credential ending = TestCertificates.rsa("okta-2026", NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(10)));
        ValidationResult result = validate(TestSaml.signedResponse(assertion(), true, true, ending), trusting(ending.certificate()));
        assertEquals(List.of("CERT_EXPIRING_SOON"), codes(result), "one finding, though it verified two signatures");
        assertEquals(Severity.WARNING, result.findings().get(0).severity());
        assertTrue(result.findings().get(0).message().contains("(10 days left)"), result.findings().get(0).message());
    }

    @Test
    void anExpiredAssertionIsTokenExpired() {
        ValidationResult result = validate(TestSaml.signedAssertion(assertion()
                .notOnOrAfter(NOW.minusSeconds(600)).confirmationNotOnOrAfter(NOW.plusSeconds(60))), TRUSTED);
        assertEquals(List.of("TOKEN_EXPIRED"), codes(result));
        assertTrue(result.findings().get(0).message().contains("Conditions NotOnOrAfter"));
    }

    @Test
    void anExpiredSubjectConfirmationIsTokenExpired() {
        ValidationResult result = validate(TestSaml.signedAssertion(assertion().confirmationNotOnOrAfter(NOW.minusSeconds(600))), TRUSTED);
        assertEquals(List.of("TOKEN_EXPIRED"), codes(result));
        assertTrue(result.findings().get(0).message().contains("SubjectConfirmationData NotOnOrAfter"));
    }

    @Test
    void clockSkewIsTolerated() {
        assertEquals(List.of(), validate(TestSaml.signedAssertion(assertion().notOnOrAfter(NOW.minusSeconds(30))
                .notBefore(NOW.plusSeconds(30))), TRUSTED).findings());
        assertEquals(List.of("TOKEN_EXPIRED"), codes(validate(TestSaml.signedAssertion(assertion()
                .notOnOrAfter(NOW.minusSeconds(60))), TRUSTED)), "NotOnOrAfter is exclusive");
    }

    @Test
    void anAssertionFromTheFutureIsNotYetValid() {
        assertEquals(List.of("TOKEN_NOT_YET_VALID"), codes(validate(TestSaml.signedAssertion(assertion()
                .notBefore(NOW.plusSeconds(600))), TRUSTED)));
    }

    @Test
    void audienceIsCheckedAgainstTheAcceptedOnes() {
        String xml = TestSaml.signedAssertion(assertion());
        assertEquals(List.of(), validator(List.of(TRUSTED), List.of(), List.of(TestSaml.AUDIENCE))
                .validate(ValidationRequest.of(xml, null, NOW, false)).findings());
        ValidationResult wrong = validator(List.of(TRUSTED), List.of(), List.of("urn:gc:other-org"))
                .validate(ValidationRequest.of(xml, null, NOW, false));
        assertEquals(List.of("AUDIENCE_MISMATCH"), codes(wrong));
        assertTrue(wrong.findings().get(0).message().contains(TestSaml.AUDIENCE));
    }

    @Test
    void issuerIsComparedExactly() {
        String xml = TestSaml.signedAssertion(assertion());
        assertEquals(List.of(), validator(List.of(TRUSTED), List.of(TestSaml.ISSUER), List.of())
                .validate(ValidationRequest.of(xml, null, NOW, false)).findings());
        assertEquals(List.of("ISSUER_MISMATCH"), codes(validator(List.of(TRUSTED), List.of(TestSaml.ISSUER + "/"), List.of())
                .validate(ValidationRequest.of(xml, null, NOW, false))));
    }

    @Test
    void anEmptyNameIdIsSubMissing() {
        ValidationResult result = validate(TestSaml.signedAssertion(assertion().nameId("")), TRUSTED);
        assertEquals(List.of("SUB_MISSING", "EXTERNAL_ID_UNMAPPED"), codes(result));
    }

    @Test
    void aPemCertificateIsTrustedAsKey() throws Exception {
        Path pem = folder.resolve("idp.pem");
        Files.writeString(pem, idp().pem());
        assertEquals(List.of(), validate(TestSaml.signedAssertion(assertion()), KeySources.pem(pem.toString())).findings());
    }

    @Test
    void aPemPublicKeyVerifiesWithoutAnyCertificateCheck() throws Exception {
        Path pem = folder.resolve("idp-key.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                idp().keys().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        assertEquals(List.of(), validate(TestSaml.signedAssertion(assertion()), KeySources.pem(pem.toString())).findings());
    }

    @Test
    void anIdpErrorResponseNamesItsStatus() {
        String xml = TestSaml.response("_r").replace("status:Success\"/>",
                "status:Responder\"><saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:AuthnFailed\"/>"
                        + "</saml2p:StatusCode>");
        ValidationResult result = validate(xml, TRUSTED);
        assertEquals(List.of("SAML_STATUS_NOT_SUCCESS"), codes(result), "a well-formed SAML answer, not malformed input");
        assertEquals(Verdict.FAIL, result.verdict());
        assertNull(result.input().subject());
        assertTrue(result.findings().get(0).message().contains("status Responder / AuthnFailed"), result.findings().get(0).message());
    }

    @Test
    void aResponseWithNeitherAnAssertionNorAFailedStatusIsMalformed() {
        String success = TestSaml.response("_r");
        assertEquals(List.of("MALFORMED_INPUT"), codes(validate(success, TRUSTED)));
        String noStatus = success.replaceAll("<saml2p:Status>.*</saml2p:Status>", "");
        assertEquals(List.of("MALFORMED_INPUT"), codes(validate(noStatus, TRUSTED)));
    }

    private static SamlMessage parse(String xml) {
        try {
            return SamlMessage.parse(xml);
        } catch (io.claimmap.engine.input.MalformedInputException e) {
            throw new AssertionError(e);
        }
    }
}
