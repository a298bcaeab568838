package io.claimmap.engine.saml;

import io.claimmap.engine.result.Finding;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;

import static io.claimmap.engine.result.FindingCode.ALG_NOT_ALLOWED;
import static io.claimmap.engine.result.FindingCode.SIGNATURE_INVALID;
import static io.claimmap.engine.saml.SamlMessage.DSIG;
import static io.claimmap.engine.saml.SamlMessage.cap;
import static io.claimmap.engine.saml.SamlMessage.child;
import static io.claimmap.engine.saml.SamlMessage.children;

/**
 * What an enveloped signature says it covers and how, read from the DOM before any cryptography, with the rules of
 * the SAML signature profile as OpenSAML applies them: exactly one Reference, whose URI is {@code #} + the ID of the
 * element that holds the signature; only the enveloped-signature and exclusive-c14n transforms; no ds:Object; allowed
 * algorithms only. Read from the DOM rather than from the JDK's unmarshalled signature because secure validation
 * refuses SHA-1 while unmarshalling, and the user deserves to be told it was SHA-1.
 */
final class SignatureShape {
    static final String RULE = "check: signature";
    private static final String REMEDY = "Configure the IdP to sign with RSA-SHA256 (SHA-256 digest, exclusive "
            + "canonicalization), as Okta, Entra ID and Salesforce all can.";

    /**
     * @param covers            the signature's one reference is to the element that holds it, untransformed: what
     *                          the element says can be read once the signature verifies
     * @param algorithmsAllowed signature, digest and canonicalization methods are all on the allow-list
     * @param signatureMethod   the signature method URI, or null when the signature has none
     */
    record Shape(boolean covers, boolean algorithmsAllowed, String signatureMethod) {
    }

    private SignatureShape() {
    }

    static Shape inspect(SamlMessage.Signed signed, List<Finding> findings) {
        String whose = "the " + signed.name() + "'s signature";
        Element signature = signed.signature();
        Element signedInfo = child(signature, DSIG, "SignedInfo");
        Element signatureMethod = signedInfo == null ? null : child(signedInfo, DSIG, "SignatureMethod");
        Element c14n = signedInfo == null ? null : child(signedInfo, DSIG, "CanonicalizationMethod");
        if (signedInfo == null || signatureMethod == null || c14n == null || child(signature, DSIG, "SignatureValue") == null) {
            findings.add(SIGNATURE_INVALID.finding(whose + " is incomplete (it needs SignedInfo with CanonicalizationMethod "
                    + "and SignatureMethod, and SignatureValue)", "Pass the message exactly as the IdP posted it.", RULE));
            return new Shape(false, false, null);
        }
        String method = signatureMethod.getAttribute("Algorithm");
        if (!children(signature, DSIG, "Object").isEmpty()) {
            findings.add(SIGNATURE_INVALID.finding(whose + " carries ds:Object content. A SAML signature never does; "
                            + "hiding an element there is one of the signature-wrapping attacks",
                    "Treat the message as forged: it is not what the IdP signed.", RULE));
            return new Shape(false, false, method);
        }
        List<Element> references = children(signedInfo, DSIG, "Reference");
        if (references.size() != 1) {
            findings.add(SIGNATURE_INVALID.finding(whose + " has " + references.size() + " References; a SAML signature "
                            + "has exactly one, to the element that holds it",
                    "Treat the message as forged, or ask the IdP vendor: SAML IdPs sign with one Reference.", RULE));
            return new Shape(false, false, method);
        }
        Element reference = references.get(0);
        if (!coversItsElement(signed, reference, whose, findings) || !transformsAllowed(reference, findings)) {
            return new Shape(false, false, method);
        }

        boolean allowed = true;
        String refusal = SamlAlgorithms.transformRefusal(c14n.getAttribute("Algorithm"), true);
        if (refusal != null) {
            findings.add(ALG_NOT_ALLOWED.finding(refusal, REMEDY, RULE));
            allowed = false;
        }
        refusal = SamlAlgorithms.signatureMethodRefusal(method);
        if (refusal != null) {
            findings.add(ALG_NOT_ALLOWED.finding(refusal, REMEDY, RULE));
            allowed = false;
        }
        Element digest = child(reference, DSIG, "DigestMethod");
        refusal = digest == null ? "the signature's Reference has no DigestMethod"
                : SamlAlgorithms.digestMethodRefusal(digest.getAttribute("Algorithm"));
        if (refusal != null) {
            findings.add(ALG_NOT_ALLOWED.finding(refusal, REMEDY, RULE));
            allowed = false;
        }
        return new Shape(true, allowed, method);
    }

    private static boolean coversItsElement(SamlMessage.Signed signed, Element reference, String whose, List<Finding> findings) {
        String id = signed.element().getAttributeNS(null, "ID");
        if (id.isEmpty()) {
            findings.add(SIGNATURE_INVALID.finding("the " + signed.name() + " has no ID attribute, so its signature "
                            + "cannot reference it", "Pass the message exactly as the IdP posted it.", RULE));
            return false;
        }
        if (!reference.hasAttributeNS(null, "URI") || !reference.getAttributeNS(null, "URI").equals("#" + id)) {
            String uri = reference.hasAttributeNS(null, "URI") ? "\"" + cap(reference.getAttributeNS(null, "URI")) + "\""
                    : "no URI";
            findings.add(SIGNATURE_INVALID.finding(whose + " references " + uri + ", not the " + signed.name()
                            + " that holds it (\"#" + cap(id) + "\"): it does not cover the element that is read, so "
                            + "nothing in the message is believed",
                    "Treat the message as forged (this is what signature wrapping looks like), or have the IdP sign "
                            + "the Response or Assertion by its ID.", RULE));
            return false;
        }
        return true;
    }

    // A transform decides what is digested: anything but these two could leave the NameID out of the signature.
    private static boolean transformsAllowed(Element reference, List<Finding> findings) {
        Element transforms = child(reference, DSIG, "Transforms");
        if (transforms == null) {
            return true;
        }
        List<String> seen = new ArrayList<>();
        for (Node node = transforms.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element transform)) {
                continue;
            }
            String uri = transform.getAttribute("Algorithm");
            String refusal = SamlMessage.is(transform, DSIG, "Transform")
                    ? SamlAlgorithms.transformRefusal(uri, false) : "the signature's Transforms holds something other "
                    + "than Transform elements";
            if (refusal == null && seen.contains(uri)) {
                refusal = "the signature applies the transform " + uri + " twice";
            }
            if (refusal != null) {
                findings.add(ALG_NOT_ALLOWED.finding(refusal, "Treat the message as forged, or configure the IdP to "
                        + "sign with the standard SAML transforms (enveloped signature, exclusive canonicalization).", RULE));
                return false;
            }
            seen.add(uri);
        }
        return true;
    }
}
