package io.claimmap.engine.saml;

import io.claimmap.engine.ValidationRequest;

import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.testing.LoopbackServer;
import io.claimmap.engine.testing.TestCertificates;
import io.claimmap.engine.testing.TestCertificates.Credential;
import io.claimmap.engine.testing.TestSaml;
import io.claimmap.engine.testing.TestSaml.SignOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;

import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.claimmap.engine.saml.SamlTesting.codes;
import static io.claimmap.engine.saml.SamlTesting.validate;
import static io.claimmap.engine.testing.TestCertificates.trusting;
import static io.claimmap.engine.testing.TestSaml.ASSERTION_NS;
import static io.claimmap.engine.testing.TestSaml.DSIG_NS;
import static io.claimmap.engine.testing.TestSaml.NOW;
import static io.claimmap.engine.testing.TestSaml.PROTOCOL_NS;
import static io.claimmap.engine.testing.TestSaml.assertion;
import static io.claimmap.engine.testing.TestSaml.idp;
import static io.claimmap.engine.testing.TestSaml.parse;
import static io.claimmap.engine.testing.TestSaml.serialize;
import static io.claimmap.engine.testing.TestSaml.the;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crafted SAML messages, each the way an attacker or a broken IdP would send it. None may be accepted with the
 * attacker's identity, none may read a file or fetch a URL, none may hang.
 */
class SamlBadInputTest {
    private static final KeySource TRUSTED = trusting(idp().certificate());
    private static final String ATTACKER = "attacker@evil.example";

    @TempDir
    Path folder;

    /** The message fails with exactly {@code code} and shows no identity at all. */
    private static ValidationResult assertRefused(String xml, String code) {
        ValidationResult result = validate(xml, TRUSTED);
        assertEquals(List.of(code), codes(result), () -> result.findings().toString());
        assertEquals(Verdict.FAIL, result.verdict());
        assertNull(result.input().subject());
        assertNull(result.mapping().externalId());
        assertFalse(ResultJson.compact(result).contains(ATTACKER), "the attacker's identity appears nowhere");
        return result;
    }

    private static String evilAssertion() {
        return assertion().id("_evil").nameId(ATTACKER).xml();
    }

    private static Document signedResponseDocument() {
        return parse(TestSaml.signedResponse(assertion(), true, false, idp()));
    }

    private static Element signedAssertionIn(Document document) {
        return the(document, ASSERTION_NS, "Assertion");
    }

    private static Element importEvil(Document document) {
        return (Element) document.importNode(parse(evilAssertion()).getDocumentElement(), true);
    }

    // --- XML signature wrapping ---

    @Test
    void anEvilAssertionBeforeTheSignedOneIsRefused() {
        Document document = signedResponseDocument();
        Element signed = signedAssertionIn(document);
        signed.getParentNode().insertBefore(importEvil(document), signed);
        assertTrue(assertRefused(serialize(document), "MALFORMED_INPUT").findings().get(0).message()
                .contains("2 Assertions"));
    }

    @Test
    void theSignedAssertionWrappedInsideAnEvilOneIsRefused() {
        Document document = signedResponseDocument();
        Element signed = signedAssertionIn(document);
        Element evil = importEvil(document);
        Element subject = TestSaml.firstChild(evil, ASSERTION_NS, "Subject");
        signed.getParentNode().replaceChild(evil, signed);
        subject.appendChild(signed);
        assertRefused(serialize(document), "MALFORMED_INPUT");
    }

    @Test
    void theSignedAssertionMovedIntoExtensionsIsRefused() {
        Document document = signedResponseDocument();
        Element response = document.getDocumentElement();
        Element signed = signedAssertionIn(document);
        Element extensions = document.createElementNS(PROTOCOL_NS, "saml2p:Extensions");
        response.insertBefore(extensions, TestSaml.firstChild(response, PROTOCOL_NS, "Status"));
        response.replaceChild(importEvil(document), signed);
        extensions.appendChild(signed);
        assertRefused(serialize(document), "MALFORMED_INPUT");
    }

    @Test
    void theSignedAssertionMovedIntoTheSignatureIsRefused() {
        // The Response is signed; the attacker puts the original assertion into a ds:Object and an evil one in its place.
        Document document = parse(TestSaml.signedResponse(assertion(), false, true, idp()));
        Element response = document.getDocumentElement();
        Element signed = signedAssertionIn(document);
        Element signature = TestSaml.firstChild(response, DSIG_NS, "Signature");
        Element object = document.createElementNS(DSIG_NS, "ds:Object");
        signature.appendChild(object);
        response.replaceChild(importEvil(document), signed);
        object.appendChild(signed);
        assertRefused(serialize(document), "MALFORMED_INPUT");
    }

    @Test
    void aSignatureCarryingAnObjectIsRefused() {
        Document document = parse(TestSaml.signedResponse(assertion(), false, true, idp()));
        Element signature = TestSaml.firstChild(document.getDocumentElement(), DSIG_NS, "Signature");
        signature.appendChild(document.createElementNS(DSIG_NS, "ds:Object"));
        assertTrue(assertRefused(serialize(document), "SIGNATURE_INVALID").findings().get(0).message().contains("ds:Object"));
    }

    @Test
    void aDuplicateIdIsRefused() {
        Document document = signedResponseDocument();
        Element response = document.getDocumentElement();
        Element extensions = document.createElementNS(PROTOCOL_NS, "saml2p:Extensions");
        extensions.setAttribute("ID", signedAssertionIn(document).getAttribute("ID"));
        response.insertBefore(extensions, TestSaml.firstChild(response, PROTOCOL_NS, "Status"));
        assertTrue(assertRefused(serialize(document), "MALFORMED_INPUT").findings().get(0).message()
                .contains("one ID value is on 2 elements"));
    }

    @Test
    void anEvilResponseWithTheSignedAssertionsIdIsRefused() {
        // The evil assertion takes the signed one's ID; the signed one hides in Extensions. Two IDs and two assertions.
        Document document = signedResponseDocument();
        Element response = document.getDocumentElement();
        Element signed = signedAssertionIn(document);
        Element evil = importEvil(document);
        evil.setAttribute("ID", signed.getAttribute("ID"));
        evil.insertBefore(signed.getElementsByTagNameNS(DSIG_NS, "Signature").item(0).cloneNode(true),
                TestSaml.firstChild(evil, ASSERTION_NS, "Subject"));
        Element extensions = document.createElementNS(PROTOCOL_NS, "saml2p:Extensions");
        response.insertBefore(extensions, TestSaml.firstChild(response, PROTOCOL_NS, "Status"));
        response.replaceChild(evil, signed);
        extensions.appendChild(signed);
        assertRefused(serialize(document), "MALFORMED_INPUT");
    }

    @Test
    void aResponseSignatureReferencingTheAssertionDoesNotCoverTheResponse() {
        Document document = parse(TestSaml.response("_response-1", assertion().xml()));
        TestSaml.sign(document.getDocumentElement(), idp(), SignOptions.STANDARD.referenceUri("#_assertion-1")
                .transforms(Transform.ENVELOPED, "http://www.w3.org/2001/10/xml-exc-c14n#"));
        assertTrue(assertRefused(serialize(document), "SIGNATURE_INVALID").findings().get(0).message()
                .contains("references \"#_assertion-1\", not the Response"));
    }

    @Test
    void aSignatureOverTheWholeDocumentIsRefused() {
        Document document = parse(assertion().xml());
        TestSaml.sign(document.getDocumentElement(), idp(), SignOptions.STANDARD.referenceUri(""));
        assertRefused(serialize(document), "SIGNATURE_INVALID");
    }

    @Test
    void twoReferencesAreRefused() {
        Document document = parse(TestSaml.signedAssertion(assertion()));
        Element signedInfo = (Element) document.getElementsByTagNameNS(DSIG_NS, "SignedInfo").item(0);
        Node reference = document.getElementsByTagNameNS(DSIG_NS, "Reference").item(0);
        signedInfo.appendChild(reference.cloneNode(true));
        assertTrue(assertRefused(serialize(document), "SIGNATURE_INVALID").findings().get(0).message()
                .contains("2 References"));
    }

    @Test
    void aSignatureWhereSamlNeverPutsOneIsRefused() {
        Document document = signedResponseDocument();
        Element response = document.getDocumentElement();
        Element extensions = document.createElementNS(PROTOCOL_NS, "saml2p:Extensions");
        extensions.appendChild(signedAssertionIn(document).getElementsByTagNameNS(DSIG_NS, "Signature").item(0).cloneNode(true));
        response.insertBefore(extensions, TestSaml.firstChild(response, PROTOCOL_NS, "Status"));
        assertTrue(assertRefused(serialize(document), "SIGNATURE_INVALID").findings().get(0).message()
                .contains("Response/Extensions/Signature"));
    }

    @Test
    void twoAssertionsEachSignedAreRefused() {
        Document one = parse(TestSaml.signedAssertion(assertion()));
        Document two = parse(TestSaml.signedAssertion(assertion().id("_assertion-2")));
        String xml = TestSaml.response("_response-1", serialize(one), serialize(two));
        assertTrue(assertRefused(xml, "MALFORMED_INPUT").findings().get(0).message().contains("2 Assertions"));
    }

    // --- signature and certificate ---

    @Test
    void aRemovedSignatureIsSamlSignatureMissing() {
        Document document = signedResponseDocument();
        Node signature = document.getElementsByTagNameNS(DSIG_NS, "Signature").item(0);
        signature.getParentNode().removeChild(signature);
        assertRefused(serialize(document), "SAML_SIGNATURE_MISSING");
    }

    @Test
    void anUnsignedBareAssertionIsSamlSignatureMissing() {
        assertRefused(assertion().nameId(ATTACKER).xml(), "SAML_SIGNATURE_MISSING");
    }

    @Test
    void aSelfSignedAttackerCertificateInKeyInfoIsNotTrusted() {
        Credential attacker = TestCertificates.rsa("okta-test-idp", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
        ValidationResult result = validate(TestSaml.signedResponse(assertion().nameId(ATTACKER), true, true, attacker), TRUSTED);
        assertEquals(List.of("CERT_NOT_TRUSTED"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
        Finding finding = result.findings().get(0);
        assertTrue(finding.message().contains(SamlTrust.fingerprint(attacker.certificate())));
        assertTrue(finding.remedy().contains("If nobody rotated it, treat the message as forged"));
    }

    @Test
    void anUntrustedSignatureWithoutKeyInfoIsInvalid() {
        Credential attacker = TestCertificates.rsa("attacker", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
        Document document = parse(assertion().nameId(ATTACKER).xml());
        TestSaml.sign(document.getDocumentElement(), attacker, SignOptions.STANDARD.withoutKeyInfo());
        ValidationResult result = validate(serialize(document), TRUSTED);
        assertEquals(List.of("SIGNATURE_INVALID"), codes(result));
        assertTrue(result.findings().get(0).message().contains("names no certificate"), result.findings().get(0).message());
    }

    @Test
    void aNameIdChangedAfterSigningIsInvalid() {
        Document document = parse(TestSaml.signedAssertion(assertion()));
        the(document, ASSERTION_NS, "NameID").setTextContent(ATTACKER);
        ValidationResult result = validate(serialize(document), TRUSTED);
        assertEquals(List.of("SIGNATURE_INVALID"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(result.findings().get(0).message().contains("changed after it was signed"), result.findings().get(0).message());
    }

    @Test
    void aCommentInsertedInTheNameIdDoesNotCutTheIdentityShort() {
        // Signed as "user@evil.com.victim.com"; a comment added after signing still verifies (exclusive c14n without
        // comments drops it), and a reader that stopped at the first text node would see "user@evil.com".
        String full = "user@evil.com.victim.com";
        Document document = parse(TestSaml.signedAssertion(assertion().nameId(full)));
        Element nameId = the(document, ASSERTION_NS, "NameID");
        Text text = (Text) nameId.getFirstChild();
        Text rest = text.splitText("user@evil.com".length());
        Comment comment = document.createComment("");
        nameId.insertBefore(comment, rest);
        String xml = serialize(document);
        assertTrue(xml.contains("user@evil.com<!---->.victim.com"), xml);

        ValidationResult result = validate(xml, TRUSTED);
        assertEquals(List.of(), result.findings(), "the signature still verifies");
        assertEquals(full, result.input().subject());
        assertEquals(full, result.mapping().externalId());
    }

    @Test
    void rsaSha1IsNotAllowed() {
        Document document = parse(assertion().nameId(ATTACKER).xml());
        TestSaml.sign(document.getDocumentElement(), idp(), SignOptions.STANDARD.signatureMethod(SignatureMethod.RSA_SHA1));
        ValidationResult result = validate(serialize(document), TRUSTED);
        assertEquals(List.of("ALG_NOT_ALLOWED"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(result.findings().get(0).message().contains("RSA-SHA1"), result.findings().get(0).message());
        assertEquals("RSA-SHA1", result.input().algorithm());
    }

    @Test
    void aSha1DigestIsNotAllowed() {
        Document document = parse(assertion().xml());
        TestSaml.sign(document.getDocumentElement(), idp(), SignOptions.STANDARD.digestMethod(DigestMethod.SHA1));
        ValidationResult result = validate(serialize(document), TRUSTED);
        assertEquals(List.of("ALG_NOT_ALLOWED"), codes(result));
        assertTrue(result.findings().get(0).message().contains("SHA1"), result.findings().get(0).message());
    }

    @Test
    void canonicalizationWithCommentsIsNotAllowed() {
        Document document = parse(assertion().nameId(ATTACKER).xml());
        TestSaml.sign(document.getDocumentElement(), idp(), SignOptions.STANDARD.transforms(Transform.ENVELOPED,
                "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"));
        assertRefused(serialize(document), "ALG_NOT_ALLOWED");
    }

    @Test
    void anXPathTransformIsNotAllowed() {
        Document document = parse(TestSaml.signedAssertion(assertion().nameId(ATTACKER)));
        Element transforms = (Element) document.getElementsByTagNameNS(DSIG_NS, "Transforms").item(0);
        Element xpath = document.createElementNS(DSIG_NS, "ds:Transform");
        xpath.setAttribute("Algorithm", Transform.XPATH);
        transforms.appendChild(xpath);
        assertRefused(serialize(document), "ALG_NOT_ALLOWED");
    }

    // --- conditions ---

    @Test
    void anExpiredAssertionIsRefusedButShown() {
        ValidationResult result = validate(TestSaml.signedAssertion(assertion().notOnOrAfter(NOW.minus(Duration.ofHours(2)))
                .confirmationNotOnOrAfter(NOW.minus(Duration.ofHours(2)))), TRUSTED);
        assertEquals(List.of("TOKEN_EXPIRED", "TOKEN_EXPIRED"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
    }

    @Test
    void aWrongAudienceIsRefused() {
        ValidationResult result = SamlTesting.validator(List.of(TRUSTED), List.of(), List.of(TestSaml.AUDIENCE))
                .validate(ValidationRequest.of(TestSaml.signedAssertion(assertion().audience("https://other-sp.example/saml")), null, NOW, false));
        assertEquals(List.of("AUDIENCE_MISMATCH"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
    }

    @Test
    void aDateThatIsNotADateIsMalformed() {
        String xml = TestSaml.signedAssertion(assertion());
        Document document = parse(xml);
        Element conditions = the(document, ASSERTION_NS, "Conditions");
        conditions.setAttribute("NotOnOrAfter", "tomorrow");
        ValidationResult result = validate(serialize(document), TRUSTED);
        assertTrue(codes(result).contains("MALFORMED_INPUT"), result.findings().toString());
        assertEquals(Verdict.FAIL, result.verdict());
    }

    // --- parsing ---

    @Test
    void anExternalEntityIsNeverResolved() throws Exception {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/dtd", "<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">");
            String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n"
                    + "  <!ENTITY file SYSTEM \"" + secret.toUri() + "\">\n"
                    + "  <!ENTITY remote SYSTEM \"" + server.url("/entity") + "\">\n"
                    + "  <!ENTITY % dtd SYSTEM \"" + server.url("/dtd") + "\"> %dtd;\n]>\n"
                    + assertion().nameId("&file;&remote;&leak;").xml().replace("&amp;", "&");
            ValidationResult result = assertRefused(xml, "MALFORMED_INPUT");
            assertTrue(result.findings().get(0).message().contains("DOCTYPE"), result.findings().get(0).message());
            assertFalse(ResultJson.compact(result).contains("TOP-SECRET-MARKER"));
            assertEquals(0, server.requests(), "nothing named in the message is fetched");
        }
    }

    @Test
    void billionLaughsIsRefusedAtOnce() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        String xml = dtd.append("]>\n").toString() + assertion().nameId("&lol9;").xml().replace("&amp;", "&");
        ValidationResult result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> validate(xml, TRUSTED));
        assertEquals(List.of("MALFORMED_INPUT"), codes(result));
        assertTrue(result.findings().get(0).message().contains("DOCTYPE"));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
        String xml = assertion().xml().replace("</saml2:Assertion>", deep + "</saml2:Assertion>");
        ValidationResult result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> validate(xml, TRUSTED));
        assertEquals(List.of("MALFORMED_INPUT"), codes(result));
        assertTrue(result.findings().get(0).message().contains("deeper than"), result.findings().get(0).message());
    }

    @Test
    void xmlThatIsNotWellFormedIsMalformed() {
        assertRefused("<saml2p:Response xmlns:saml2p=\"" + PROTOCOL_NS + "\"><oops></saml2p:Response>", "MALFORMED_INPUT");
    }

    @Test
    void base64ThatIsNotBase64IsMalformed() {
        assertRefused("PHNhbWxwOlJlc3BvbnNl###", "MALFORMED_INPUT");
        assertRefused(Base64.getEncoder().encodeToString("not xml at all".getBytes(StandardCharsets.UTF_8)), "MALFORMED_INPUT");
        assertRefused(Base64.getEncoder().encodeToString("<saml2p:Response".getBytes(StandardCharsets.UTF_8)), "MALFORMED_INPUT");
    }

    @Test
    void anEncryptedAssertionIsNotSupported() {
        String xml = TestSaml.response("_r", "<saml2:EncryptedAssertion xmlns:saml2=\"" + ASSERTION_NS + "\"/>");
        assertTrue(assertRefused(xml, "MALFORMED_INPUT").findings().get(0).message().contains("does not decrypt"));
    }

    @Test
    void otherXmlIsNotSaml() {
        assertTrue(assertRefused("<samlp:AuthnRequest xmlns:samlp=\"" + PROTOCOL_NS + "\" ID=\"_x\"/>", "MALFORMED_INPUT")
                .findings().get(0).message().contains("AuthnRequest"));
        assertTrue(assertRefused("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:1.0:protocol\"/>", "MALFORMED_INPUT")
                .findings().get(0).message().contains("SAML 1.x"));
        assertRefused("<html><body>login</body></html>", "MALFORMED_INPUT");
    }
}
