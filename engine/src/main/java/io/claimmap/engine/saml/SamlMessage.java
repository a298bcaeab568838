package io.claimmap.engine.saml;

import io.claimmap.engine.input.HardenedXml;
import io.claimmap.engine.input.MalformedInputException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A SAML 2.0 message, parsed and checked for shape before anything in it is believed: a {@code samlp:Response} with
 * exactly one {@code saml:Assertion} as a direct child (or none, when its status says the sign-in failed: an IdP's
 * error Response), or a bare {@code saml:Assertion}. No other Assertion anywhere
 * in the document, no EncryptedAssertion, no ID value on two elements. Where SAML puts a signature (a direct child of
 * the Response or of the Assertion) is known here; a {@code ds:Signature} anywhere else is recorded as stray. Nothing
 * is read by searching the document: the Assertion is found by position, and its contents are read only by
 * {@link SignedAssertion} once the signature check has said it is covered.
 */
public final class SamlMessage {
    public static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    private static final String ENCRYPTED = "the message holds an EncryptedAssertion; claimmap does not decrypt "
            + "assertions (nor does Genesys Cloud accept encrypted ones from an SSO provider): turn assertion "
            + "encryption off in the IdP's Genesys Cloud app";
    private static final String NO_STATUS = "no Status";
    private static final Set<String> ID_ATTRIBUTES = Set.of("ID", "Id", "id");

    /** An element SAML allows to be signed, with its enveloped signature. */
    public record Signed(Element element, String name, Element signature) {
    }

    private final Element response;
    private final Element assertion;
    private final List<Signed> signed;
    private final List<String> straySignatures;

    private SamlMessage(Element response, Element assertion, List<Signed> signed, List<String> straySignatures) {
        this.response = response;
        this.assertion = assertion;
        this.signed = List.copyOf(signed);
        this.straySignatures = List.copyOf(straySignatures);
    }

    public static SamlMessage parse(String xml) throws MalformedInputException {
        Document document = HardenedXml.parse(xml, "the SAML message");
        Element root = document.getDocumentElement();
        Element response = null;
        Element assertion;
        if (is(root, PROTOCOL, "Response")) {
            response = root;
            assertion = theAssertionOf(root);
        } else if (is(root, ASSERTION, "Assertion")) {
            assertion = root;
        } else {
            throw new MalformedInputException(notSaml(root));
        }
        if (document.getElementsByTagNameNS(ASSERTION, "EncryptedAssertion").getLength() > 0) {
            throw new MalformedInputException(ENCRYPTED);
        }
        NodeList assertions = document.getElementsByTagNameNS(ASSERTION, "Assertion");
        if (assertions.getLength() > 1) {
            List<String> where = new ArrayList<>();
            for (int i = 0; i < assertions.getLength(); i++) {
                where.add(path((Element) assertions.item(i)));
            }
            throw new MalformedInputException("the message holds " + assertions.getLength() + " Assertions (" + String.join(", ", where)
                    + "); a Response carries exactly one. More than one is how signature-wrapping attacks smuggle in an "
                    + "unsigned assertion next to a signed one");
        }
        requireUniqueIds(root);

        List<Signed> signed = new ArrayList<>();
        List<String> stray = new ArrayList<>();
        List<Element> expected = new ArrayList<>();
        if (response != null) {
            addSigned(response, "Response", signed, expected);
        }
        if (assertion != null) {
            addSigned(assertion, "Assertion", signed, expected);
        }
        NodeList signatures = document.getElementsByTagNameNS(DSIG, "Signature");
        for (int i = 0; i < signatures.getLength(); i++) {
            Element signature = (Element) signatures.item(i);
            if (!expected.contains(signature)) {
                stray.add(path(signature));
            }
        }
        return new SamlMessage(response, assertion, signed, stray);
    }

    /** The Response, or null for a bare Assertion. */
    public Element response() {
        return response;
    }

    /** The one Assertion: the Response's direct child, or the document itself; null for an IdP's error Response. */
    public Element assertion() {
        return assertion;
    }

    /** The Response and the Assertion, in that order, where each has an enveloped signature. */
    public List<Signed> signed() {
        return signed;
    }

    /**
     * Why the Response's top-level status is not Success ("Requester / InvalidNameIDPolicy", "no Status"), or null
     * when it is, or for a bare Assertion. Only standard status names are given: messages never quote free text.
     */
    public String statusProblem() {
        return response == null ? null : statusProblem(response);
    }

    private static String statusProblem(Element response) {
        Element status = child(response, PROTOCOL, "Status");
        Element code = status == null ? null : child(status, PROTOCOL, "StatusCode");
        if (code == null) {
            return NO_STATUS;
        }
        String value = code.getAttribute("Value");
        if (value.equals(SUCCESS)) {
            return null;
        }
        List<String> codes = new ArrayList<>(List.of(statusName(value)));
        for (Element nested : children(code, PROTOCOL, "StatusCode")) {
            codes.add(statusName(nested.getAttribute("Value")));
        }
        return "status " + String.join(" / ", codes);
    }

    /** The Response's own Issuer (full text, whitespace trimmed), or null when it has none or for a bare Assertion. */
    public String responseIssuer() {
        Element issuer = response == null ? null : child(response, ASSERTION, "Issuer");
        return issuer == null ? null : issuer.getTextContent().strip();
    }

    /** Where the document has a ds:Signature that SAML does not put there (paths such as Response/Extensions/Signature). */
    public List<String> straySignatures() {
        return straySignatures;
    }

    private static Element theAssertionOf(Element response) throws MalformedInputException {
        List<Element> assertions = children(response, ASSERTION, "Assertion");
        if (assertions.size() > 1) {
            throw new MalformedInputException("the Response holds " + assertions.size() + " Assertions; a Response "
                    + "carries exactly one. More than one is how signature-wrapping attacks smuggle in an unsigned "
                    + "assertion next to a signed one");
        }
        if (assertions.isEmpty()) {
            if (!children(response, ASSERTION, "EncryptedAssertion").isEmpty()) {
                throw new MalformedInputException(ENCRYPTED);
            }
            String problem = statusProblem(response);
            if (problem != null && !problem.equals(NO_STATUS)) {
                return null; // the IdP's answer to a failed sign-in: SAML_STATUS_NOT_SUCCESS, not malformed
            }
            throw new MalformedInputException("the Response holds no Assertion" + status(response));
        }
        return assertions.get(0);
    }

    // Only the standard status codes are named: messages never quote free text from the input.
    private static String status(Element response) {
        for (Element status : children(response, PROTOCOL, "Status")) {
            for (Element code : children(status, PROTOCOL, "StatusCode")) {
                String value = code.getAttribute("Value");
                if (!value.isEmpty() && !value.equals(SUCCESS)) {
                    List<String> codes = new ArrayList<>(List.of(statusName(value)));
                    for (Element nested : children(code, PROTOCOL, "StatusCode")) {
                        codes.add(statusName(nested.getAttribute("Value")));
                    }
                    return ": the IdP answered with status " + String.join(" / ", codes) + ", so the sign-in failed at "
                            + "the IdP";
                }
            }
        }
        return "";
    }

    private static String statusName(String value) {
        String prefix = "urn:oasis:names:tc:SAML:2.0:status:";
        return value.startsWith(prefix) && value.substring(prefix.length()).matches("[A-Za-z]{1,40}")
                ? value.substring(prefix.length()) : "(non-standard)";
    }

    private static void addSigned(Element element, String name, List<Signed> signed, List<Element> expected) {
        List<Element> signatures = children(element, DSIG, "Signature");
        if (!signatures.isEmpty()) {
            // Only the first counts; a second enveloped signature on the same element is stray.
            signed.add(new Signed(element, name, signatures.get(0)));
            expected.add(signatures.get(0));
        }
    }

    private static void requireUniqueIds(Element root) throws MalformedInputException {
        Map<String, Integer> seen = new HashMap<>();
        NodeList all = root.getOwnerDocument().getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attributes = all.item(i).getAttributes();
            for (int j = 0; j < attributes.getLength(); j++) {
                Attr attribute = (Attr) attributes.item(j);
                if (attribute.getNamespaceURI() == null && ID_ATTRIBUTES.contains(attribute.getLocalName())) {
                    seen.merge(attribute.getValue(), 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<String, Integer> id : seen.entrySet()) {
            if (id.getValue() > 1) {
                throw new MalformedInputException("one ID value is on " + id.getValue() + " elements; "
                        + "IDs must be unique, and a duplicate is how signature-wrapping attacks make a signature seem "
                        + "to cover another element");
            }
        }
    }

    private static String notSaml(Element root) {
        String ns = root.getNamespaceURI();
        String name = root.getLocalName();
        if (ns != null && ns.startsWith("urn:oasis:names:tc:SAML:1.")) {
            return "the message is SAML 1.x (" + cap(name) + "); claimmap validates SAML 2.0 Responses and Assertions";
        }
        if (PROTOCOL.equals(ns)) {
            return "the message is a samlp:" + cap(name) + ", not the Response an IdP posts to the ACS";
        }
        return "the XML is a " + cap((ns == null ? "" : "{" + ns + "}") + name) + ", not a SAML 2.0 samlp:Response or "
                + "saml:Assertion";
    }

    static boolean is(Node node, String namespace, String localName) {
        return node instanceof Element element && namespace.equals(element.getNamespaceURI())
                && localName.equals(element.getLocalName());
    }

    /** The direct child elements of {@code parent} with this name, in document order. */
    static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (is(child, namespace, localName)) {
                found.add((Element) child);
            }
        }
        return found;
    }

    /** The one direct child with this name, or null (the first, if a schema-invalid message has several). */
    static Element child(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Where an element is, by local names from the root: Response/Extensions/Assertion. */
    static String path(Element element) {
        List<String> names = new ArrayList<>();
        for (Node node = element; node instanceof Element e; node = node.getParentNode()) {
            names.add(0, cap(e.getLocalName()));
        }
        return String.join("/", names);
    }

    /** Names from the input, cut short for messages. */
    static String cap(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
