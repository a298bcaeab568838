package io.claimmap.engine.testing;

import io.claimmap.engine.testing.TestCertificates.Credential;
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
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAML messages for tests: an Okta-style Assertion built from a template with fixed times around {@link #NOW}, wrapped in
 * a Response, signed with the JDK's XML signature API. Everything needed to craft bad input: sign with any algorithm,
 * transform or reference URI, then edit the document after signing.
 */
public final class TestSaml {
    public static final Instant NOW = TestTokens.NOW;
    public static final String ISSUER = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9";
    public static final String AUDIENCE = "https://login.mypurecloud.com/saml";
    public static final String NAME_ID = "grace.hopper@example.com";
    public static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    private static Credential idp;

    private TestSaml() {
    }

    /** The test IdP's signing credential, valid from a year before {@link #NOW} to two years after. */
    public static synchronized Credential idp() {
        if (idp == null) {
            idp = TestCertificates.rsa("okta-test-idp", NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(730)));
        }
        return idp;
    }

    public static Assertion assertion() {
        return new Assertion();
    }

    /** A fluent Assertion template; every value has a valid default at {@link #NOW}. */
    public static final class Assertion {
        private String id = "_assertion-1";
        private String issuer = ISSUER;
        private String nameId = NAME_ID;
        private String audience = AUDIENCE;
        private Instant notBefore = NOW.minusSeconds(60);
        private Instant notOnOrAfter = NOW.plusSeconds(240);
        private Instant confirmationNotOnOrAfter = NOW.plusSeconds(240);
        private final Map<String, List<String>> attributes = new LinkedHashMap<>(Map.of(
                "displayName", List.of("Grace Hopper"), "department", List.of("Billing")));

        public Assertion id(String value) {
            id = value;
            return this;
        }

        public Assertion issuer(String value) {
            issuer = value;
            return this;
        }

        public Assertion nameId(String value) {
            nameId = value;
            return this;
        }

        public Assertion audience(String value) {
            audience = value;
            return this;
        }

        public Assertion notBefore(Instant value) {
            notBefore = value;
            return this;
        }

        public Assertion notOnOrAfter(Instant value) {
            notOnOrAfter = value;
            return this;
        }

        public Assertion confirmationNotOnOrAfter(Instant value) {
            confirmationNotOnOrAfter = value;
            return this;
        }

        public Assertion attribute(String name, String... values) {
            attributes.put(name, List.of(values));
            return this;
        }

        public Assertion noAttributes() {
            attributes.clear();
            return this;
        }

        public Assertion withoutAttribute(String name) {
            attributes.remove(name);
            return this;
        }

        public String xml() {
            StringBuilder xml = new StringBuilder();
            xml.append("<saml2:Assertion xmlns:saml2=\"").append(ASSERTION_NS).append("\" ID=\"").append(id)
                    .append("\" IssueInstant=\"").append(notBefore).append("\" Version=\"2.0\">\n")
                    .append("  <saml2:Issuer Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">")
                    .append(escape(issuer)).append("</saml2:Issuer>\n")
                    .append("  <saml2:Subject>\n")
                    .append("    <saml2:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">")
                    .append(escape(nameId)).append("</saml2:NameID>\n")
                    .append("    <saml2:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">\n")
                    .append("      <saml2:SubjectConfirmationData NotOnOrAfter=\"").append(confirmationNotOnOrAfter)
                    .append("\" Recipient=\"").append(AUDIENCE).append("\"/>\n")
                    .append("    </saml2:SubjectConfirmation>\n")
                    .append("  </saml2:Subject>\n")
                    .append("  <saml2:Conditions NotBefore=\"").append(notBefore).append("\" NotOnOrAfter=\"")
                    .append(notOnOrAfter).append("\">\n")
                    .append("    <saml2:AudienceRestriction>\n")
                    .append("      <saml2:Audience>").append(escape(audience)).append("</saml2:Audience>\n")
                    .append("    </saml2:AudienceRestriction>\n")
                    .append("  </saml2:Conditions>\n")
                    .append("  <saml2:AuthnStatement AuthnInstant=\"").append(notBefore).append("\">\n")
                    .append("    <saml2:AuthnContext><saml2:AuthnContextClassRef>")
                    .append("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
                    .append("</saml2:AuthnContextClassRef></saml2:AuthnContext>\n")
                    .append("  </saml2:AuthnStatement>\n");
            if (!attributes.isEmpty()) {
                xml.append("  <saml2:AttributeStatement>\n");
                attributes.forEach((name, values) -> {
                    xml.append("    <saml2:Attribute Name=\"").append(escape(name))
                            .append("\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\">\n");
                    for (String value : values) {
                        xml.append("      <saml2:AttributeValue>").append(escape(value)).append("</saml2:AttributeValue>\n");
                    }
                    xml.append("    </saml2:Attribute>\n");
                });
                xml.append("  </saml2:AttributeStatement>\n");
            }
            return xml.append("</saml2:Assertion>").toString();
        }
    }

    /** A Response holding these assertions (XML texts), with the given ID. */
    public static String response(String id, String... assertions) {
        StringBuilder xml = new StringBuilder("<saml2p:Response xmlns:saml2p=\"").append(PROTOCOL_NS)
                .append("\" Destination=\"").append(AUDIENCE).append("\" ID=\"").append(id).append("\" IssueInstant=\"")
                .append(NOW.minusSeconds(60)).append("\" Version=\"2.0\">\n")
                .append("  <saml2:Issuer xmlns:saml2=\"").append(ASSERTION_NS).append("\">").append(ISSUER)
                .append("</saml2:Issuer>\n")
                .append("  <saml2p:Status><saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>")
                .append("</saml2p:Status>\n");
        for (String assertion : assertions) {
            xml.append(assertion).append('\n');
        }
        return xml.append("</saml2p:Response>").toString();
    }

    /** IdP metadata naming these signing certificates, as an IdP publishes it. */
    public static String metadata(java.security.cert.X509Certificate... certificates) {
        StringBuilder xml = new StringBuilder("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                + "entityID=\"").append(ISSUER).append("\">\n")
                .append("  <md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" "
                        + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n");
        for (java.security.cert.X509Certificate certificate : certificates) {
            try {
                xml.append("    <md:KeyDescriptor use=\"signing\">\n")
                        .append("      <ds:KeyInfo xmlns:ds=\"").append(DSIG_NS).append("\"><ds:X509Data><ds:X509Certificate>")
                        .append(java.util.Base64.getMimeEncoder().encodeToString(certificate.getEncoded()))
                        .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n")
                        .append("    </md:KeyDescriptor>\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return xml.append("    <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
                        + "Location=\"https://acme.okta.com/app/genesys/sso/saml\"/>\n")
                .append("  </md:IDPSSODescriptor>\n</md:EntityDescriptor>\n").toString();
    }

    /** How to sign: every part of the signature can be chosen, to craft bad input. */
    public record SignOptions(String signatureMethod, String digestMethod, List<String> transforms, String referenceUri,
                              boolean keyInfo) {
        public static final SignOptions STANDARD = new SignOptions(SignatureMethod.RSA_SHA256, DigestMethod.SHA256,
                List.of(Transform.ENVELOPED, CanonicalizationMethod.EXCLUSIVE), null, true);

        public SignOptions signatureMethod(String value) {
            return new SignOptions(value, digestMethod, transforms, referenceUri, keyInfo);
        }

        public SignOptions digestMethod(String value) {
            return new SignOptions(signatureMethod, value, transforms, referenceUri, keyInfo);
        }

        public SignOptions transforms(String... values) {
            return new SignOptions(signatureMethod, digestMethod, List.of(values), referenceUri, keyInfo);
        }

        public SignOptions referenceUri(String value) {
            return new SignOptions(signatureMethod, digestMethod, transforms, value, keyInfo);
        }

        public SignOptions withoutKeyInfo() {
            return new SignOptions(signatureMethod, digestMethod, transforms, referenceUri, false);
        }
    }

    /** A signed bare Assertion, signed by the test IdP. */
    public static String signedAssertion(Assertion assertion) {
        Document document = parse(assertion.xml());
        sign(document.getDocumentElement(), idp(), SignOptions.STANDARD);
        return serialize(document);
    }

    /** A Response with this Assertion, the Assertion and/or the Response signed by {@code signer}. */
    public static String signedResponse(Assertion assertion, boolean signAssertion, boolean signResponse, Credential signer) {
        Document document = parse(response("_response-1", assertion.xml()));
        if (signAssertion) {
            sign(the(document, ASSERTION_NS, "Assertion"), signer, SignOptions.STANDARD);
        }
        if (signResponse) {
            sign(document.getDocumentElement(), signer, SignOptions.STANDARD);
        }
        return serialize(document);
    }

    /** Signs {@code element} with an enveloped signature placed right after its Issuer, as SAML requires. */
    public static void sign(Element element, Credential signer, SignOptions options) {
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            List<Transform> transforms = new ArrayList<>();
            for (String transform : options.transforms()) {
                transforms.add(factory.newTransform(transform, (TransformParameterSpec) null));
            }
            String uri = options.referenceUri() != null ? options.referenceUri() : "#" + element.getAttribute("ID");
            Reference reference = factory.newReference(uri, factory.newDigestMethod(options.digestMethod(), null),
                    transforms, null, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(options.signatureMethod(), null), List.of(reference));
            KeyInfo keyInfo = null;
            if (options.keyInfo()) {
                KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
                keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(signer.certificate()))));
            }
            Element issuer = firstChild(element, ASSERTION_NS, "Issuer");
            Node next = issuer == null ? element.getFirstChild() : issuer.getNextSibling();
            DOMSignContext context = new DOMSignContext(signer.keys().getPrivate(), element, next);
            context.setDefaultNamespacePrefix("ds");
            // Every ID in the document can be referenced, so that tests can sign the wrong element on purpose.
            org.w3c.dom.NodeList all = element.getOwnerDocument().getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                Element candidate = (Element) all.item(i);
                if (candidate.hasAttribute("ID")) {
                    context.setIdAttributeNS(candidate, null, "ID");
                }
            }
            factory.newXMLSignature(signedInfo, keyInfo).sign(context);
        } catch (Exception e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** Parses trusted test XML (namespace-aware, comments kept). */
    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String serialize(Document document) {
        try {
            Transformer transformer = TransformerFactory.newDefaultInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one element with this name anywhere in the document (test documents only). */
    public static Element the(Document document, String namespace, String localName) {
        return (Element) document.getElementsByTagNameNS(namespace, localName).item(0);
    }

    public static Element firstChild(Element parent, String namespace, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
