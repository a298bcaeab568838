package io.claimmap.engine.saml;

import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.testing.TestCertificates;
import io.claimmap.engine.testing.TestCertificates.Credential;
import io.claimmap.engine.testing.TestKeys;
import io.claimmap.engine.testing.TestSaml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.KeyPair;
import java.util.List;
import java.util.function.Consumer;

import static io.claimmap.engine.saml.SamlTesting.codes;
import static io.claimmap.engine.saml.SamlTesting.finding;
import static io.claimmap.engine.saml.SamlTesting.validate;
import static io.claimmap.engine.saml.SamlTesting.validator;
import static io.claimmap.engine.testing.TestCertificates.trusting;
import static io.claimmap.engine.testing.TestSaml.ASSERTION_NS;
import static io.claimmap.engine.testing.TestSaml.NOW;
import static io.claimmap.engine.testing.TestSaml.PROTOCOL_NS;
import static io.claimmap.engine.testing.TestSaml.assertion;
import static io.claimmap.engine.testing.TestSaml.idp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SAML protocol checks beyond the signature (as java-saml makes them), each named after its behaviour. */
class SamlProtocolChecksTest {
    private static final KeySource TRUSTED = trusting(idp().certificate());

    /** A Response whose Assertion is signed by the test IdP after {@code edit} changed the document. */
    private static String response(Consumer<Document> edit) {
        Document document = TestSaml.parse(TestSaml.response("_response-1", assertion().xml()));
        edit.accept(document);
        TestSaml.sign(TestSaml.the(document, ASSERTION_NS, "Assertion"), idp(), TestSaml.SignOptions.STANDARD);
        return TestSaml.serialize(document);
    }

    private static Element responseIssuer(Document document) {
        return TestSaml.firstChild(document.getDocumentElement(), ASSERTION_NS, "Issuer");
    }

    @Test
    void aResponseWhoseStatusIsNotSuccessFailsEvenWithASignedAssertion() {
        String xml = response(document -> {
            Element code = TestSaml.the(document, PROTOCOL_NS, "StatusCode");
            code.setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder");
            Element nested = document.createElementNS(PROTOCOL_NS, "saml2p:StatusCode");
            nested.setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed");
            code.appendChild(nested);
        });
        ValidationResult result = validate(xml, TRUSTED);
        assertEquals(List.of("SAML_STATUS_NOT_SUCCESS"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(finding(result, "SAML_STATUS_NOT_SUCCESS").message().contains("Responder / AuthnFailed"),
                finding(result, "SAML_STATUS_NOT_SUCCESS").message());
    }

    @Test
    void aResponseWithoutStatusFails() {
        String xml = response(document -> document.getDocumentElement()
                .removeChild(TestSaml.the(document, PROTOCOL_NS, "Status")));
        assertEquals(List.of("SAML_STATUS_NOT_SUCCESS"), codes(validate(xml, TRUSTED)));
    }

    @Test
    void anAssertionWithoutABearerSubjectConfirmationFails() {
        String xml = response(document -> TestSaml.the(document, ASSERTION_NS, "SubjectConfirmation")
                .setAttribute("Method", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"));
        ValidationResult result = validate(xml, TRUSTED);
        assertEquals(List.of("SUBJECT_CONFIRMATION_INVALID"), codes(result));
        assertTrue(finding(result, "SUBJECT_CONFIRMATION_INVALID").message().contains("holder-of-key"));
        String none = response(document -> {
            Element confirmation = TestSaml.the(document, ASSERTION_NS, "SubjectConfirmation");
            confirmation.getParentNode().removeChild(confirmation);
        });
        assertTrue(codes(validate(none, TRUSTED)).contains("SUBJECT_CONFIRMATION_INVALID"));
    }

    @Test
    void theResponseIssuerIsCheckedAgainstIssuer() {
        String xml = response(document -> responseIssuer(document).setTextContent("https://evil.example.com"));
        ValidationResult result = validator(List.of(TRUSTED), List.of(TestSaml.ISSUER), List.of())
                .validate(ValidationRequest.of(xml, null, NOW, false));
        assertEquals(List.of("ISSUER_MISMATCH"), codes(result));
        assertTrue(finding(result, "ISSUER_MISMATCH").message().contains("the Response's Issuer"));
    }

    @Test
    void theResponseIssuerMustBeTheAssertionsIssuer() {
        String xml = response(document -> responseIssuer(document).setTextContent("https://other-idp.example.com"));
        ValidationResult result = validate(xml, TRUSTED);
        assertEquals(List.of("ISSUER_MISMATCH"), codes(result));
        assertTrue(finding(result, "ISSUER_MISMATCH").message().contains("is not the Assertion's"));
        String without = response(document -> document.getDocumentElement().removeChild(responseIssuer(document)));
        assertEquals(List.of(), validate(without, TRUSTED).findings(), "a Response Issuer is optional");
    }

    @Test
    void aCertificateWithAnRsaKeyUnder2048BitsNeverVerifies() throws Exception {
        KeyPair keys = TestKeys.rsa1024();
        Credential weak = new Credential(keys, TestCertificates.selfSigned(keys, "CN=Legacy IdP", NOW.minusSeconds(86_400),
                NOW.plusSeconds(86_400 * 365)));
        ValidationResult result = validate(TestSaml.signedResponse(assertion(), true, false, weak), trusting(weak.certificate()));
        assertEquals(List.of("KEY_TOO_WEAK"), codes(result));
        Finding tooWeak = finding(result, "KEY_TOO_WEAK");
        assertTrue(tooWeak.message().contains("1024 bits"), tooWeak.message());
    }
}
