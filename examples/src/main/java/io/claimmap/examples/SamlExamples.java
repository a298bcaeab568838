package io.claimmap.examples;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Okta-style SAML examples: PEM of the self-signed IdP certificates (made by the engine tests' TestCertificates),
 * IdP metadata, and Responses signed with the
 * JDK's XML signature API (RSA-SHA256, SHA-256 digest, exclusive c14n), the Response and its Assertion both signed, as
 * Okta does by default.
 */
final class SamlExamples {
    // In encoding order, country first, as in Okta's certificates (Java prints it CN first: CN=acme,OU=SSOProvider,...).
    static final String OKTA_SUBJECT = "C=US, ST=California, L=San Francisco, O=Okta, OU=SSOProvider, CN=acme";
    static final String ISSUER = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9";
    /** Genesys Cloud's ACS in US East, which is also the Audience its Okta app uses. */
    static final String ACS = "https://login.mypurecloud.com/saml";
    private static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

    record Credential(KeyPair keys, X509Certificate certificate) {
    }

    /** The agent an example signs in: the NameID (email address format) and the attributes Okta releases, in order. */
    record Agent(String nameId, List<Map.Entry<String, String>> attributes) {
    }

    private SamlExamples() {
    }

    static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static X509Certificate parsePem(String pem) throws GeneralSecurityException {
        String base64 = pem.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
    }

    /** Okta's IdP metadata for the Genesys Cloud app, with these signing certificates. */
    static String metadata(X509Certificate... certificates) throws GeneralSecurityException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"")
                .append(ISSUER).append("\">\n")
                .append("  <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" ")
                .append("protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n");
        for (X509Certificate certificate : certificates) {
            xml.append("    <md:KeyDescriptor use=\"signing\">\n")
                    .append("      <ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n")
                    .append("        <ds:X509Data>\n")
                    .append("          <ds:X509Certificate>")
                    .append(Base64.getEncoder().encodeToString(certificate.getEncoded()))
                    .append("</ds:X509Certificate>\n")
                    .append("        </ds:X509Data>\n")
                    .append("      </ds:KeyInfo>\n")
                    .append("    </md:KeyDescriptor>\n");
        }
        return xml.append("    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\n")
                .append("    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" ")
                .append("Location=\"https://acme.okta.com/app/acme_genesyscloud_1/exk1a2b3c4d5e6f7g8h9/sso/saml\"/>\n")
                .append("    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" ")
                .append("Location=\"https://acme.okta.com/app/acme_genesyscloud_1/exk1a2b3c4d5e6f7g8h9/sso/saml\"/>\n")
                .append("  </md:IDPSSODescriptor>\n")
                .append("</md:EntityDescriptor>\n").toString();
    }

    /** A Response for {@code agent} issued a minute before {@code now}, its Assertion and itself signed by {@code idp}. */
    static String signedResponse(Agent agent, String id, Instant now, Credential idp) throws Exception {
        Instant issued = now.minusSeconds(60);
        String assertionId = id + "a";
        StringBuilder xml = new StringBuilder()
                .append("<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"").append(ACS)
                .append("\" ID=\"").append(id).append("\" IssueInstant=\"").append(issued).append("\" Version=\"2.0\">\n")
                .append("  <saml2:Issuer xmlns:saml2=\"").append(ASSERTION_NS)
                .append("\" Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">").append(ISSUER).append("</saml2:Issuer>\n")
                .append("  <saml2p:Status>\n")
                .append("    <saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>\n")
                .append("  </saml2p:Status>\n")
                .append("  <saml2:Assertion xmlns:saml2=\"").append(ASSERTION_NS).append("\" ID=\"").append(assertionId)
                .append("\" IssueInstant=\"").append(issued).append("\" Version=\"2.0\">\n")
                .append("    <saml2:Issuer Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">").append(ISSUER)
                .append("</saml2:Issuer>\n")
                .append("    <saml2:Subject>\n")
                .append("      <saml2:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">")
                .append(agent.nameId()).append("</saml2:NameID>\n")
                .append("      <saml2:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">\n")
                .append("        <saml2:SubjectConfirmationData NotOnOrAfter=\"").append(issued.plusSeconds(300))
                .append("\" Recipient=\"").append(ACS).append("\"/>\n")
                .append("      </saml2:SubjectConfirmation>\n")
                .append("    </saml2:Subject>\n")
                .append("    <saml2:Conditions NotBefore=\"").append(issued.minusSeconds(300)).append("\" NotOnOrAfter=\"")
                .append(issued.plusSeconds(300)).append("\">\n")
                .append("      <saml2:AudienceRestriction>\n")
                .append("        <saml2:Audience>").append(ACS).append("</saml2:Audience>\n")
                .append("      </saml2:AudienceRestriction>\n")
                .append("    </saml2:Conditions>\n")
                .append("    <saml2:AuthnStatement AuthnInstant=\"").append(issued).append("\" SessionIndex=\"").append(id)
                .append("\">\n")
                .append("      <saml2:AuthnContext>\n")
                .append("        <saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
                .append("</saml2:AuthnContextClassRef>\n")
                .append("      </saml2:AuthnContext>\n")
                .append("    </saml2:AuthnStatement>\n")
                .append("    <saml2:AttributeStatement>\n");
        for (Map.Entry<String, String> attribute : agent.attributes()) {
            xml.append("      <saml2:Attribute Name=\"").append(attribute.getKey())
                    .append("\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\">\n")
                    .append("        <saml2:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" ")
                    .append("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">")
                    .append(attribute.getValue()).append("</saml2:AttributeValue>\n")
                    .append("      </saml2:Attribute>\n");
        }
        xml.append("    </saml2:AttributeStatement>\n")
                .append("  </saml2:Assertion>\n")
                .append("</saml2p:Response>");

        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml.toString())));
        Element response = document.getDocumentElement();
        Element assertion = (Element) document.getElementsByTagNameNS(ASSERTION_NS, "Assertion").item(0);
        sign(assertion, idp);
        sign(response, idp);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + serialize(document);
    }

    /** An enveloped signature right after the element's Issuer, referencing it by ID, as the SAML profile requires. */
    private static void sign(Element element, Credential idp) throws Exception {
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Reference reference = factory.newReference("#" + element.getAttribute("ID"),
                factory.newDigestMethod(DigestMethod.SHA256, null),
                List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                null, null);
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(reference));
        KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
        Node issuer = element.getElementsByTagNameNS(ASSERTION_NS, "Issuer").item(0);
        DOMSignContext context = new DOMSignContext(idp.keys().getPrivate(), element, issuer.getNextSibling());
        context.setDefaultNamespacePrefix("ds");
        context.setIdAttributeNS(element, null, "ID");
        factory.newXMLSignature(signedInfo, keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(idp.certificate())))))
                .sign(context);
    }

    private static String serialize(Document document) throws Exception {
        var transformer = TransformerFactory.newDefaultInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }
}
