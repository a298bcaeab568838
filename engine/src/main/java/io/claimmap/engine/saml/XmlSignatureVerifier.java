package io.claimmap.engine.saml;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;

import javax.xml.crypto.Data;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.NodeSetData;
import javax.xml.crypto.URIDereferencer;
import javax.xml.crypto.URIReferenceException;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import java.security.PublicKey;

/**
 * Verifies one enveloped signature with one given key, with the JDK's XML signature API in secure-validation mode. The
 * key comes from the caller (a trusted certificate), never from the message's KeyInfo. The ID attribute is registered
 * on the expected element only, a dereferencer refuses every URI but {@code #} + that ID, and after validation the
 * dereferenced node must be that very element. {@link SignatureShape} has already checked the rest of the profile.
 */
final class XmlSignatureVerifier {
    private static final String SECURE_VALIDATION = "org.jcp.xml.dsig.secureValidation";
    private static final String CACHE_REFERENCE = "javax.xml.crypto.dsig.cacheReference";

    /** How a verification ended. {@code detail} says why for {@link Status#ERROR}. */
    record Result(Status status, String detail) {
        static final Result VALID = new Result(Status.VALID, "");
        static final Result SIGNATURE_MISMATCH = new Result(Status.SIGNATURE_MISMATCH, "");
        static final Result DIGEST_MISMATCH = new Result(Status.DIGEST_MISMATCH, "");
    }

    enum Status {
        /** The signature value verifies with the key and the element's digest matches. */
        VALID,
        /** The signature value does not verify with this key: another key signed, or SignedInfo was altered. */
        SIGNATURE_MISMATCH,
        /** The key signed SignedInfo, but the signed element's digest no longer matches: it was altered after signing. */
        DIGEST_MISMATCH,
        /** The signature could not be processed with this key at all. */
        ERROR
    }

    private XmlSignatureVerifier() {
    }

    static Result verify(SamlMessage.Signed signed, PublicKey key) {
        Element element = signed.element();
        String id = element.getAttributeNS(null, "ID");
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        DOMValidateContext context = new DOMValidateContext(KeySelector.singletonKeySelector(key), signed.signature());
        context.setProperty(SECURE_VALIDATION, Boolean.TRUE);
        context.setProperty(CACHE_REFERENCE, Boolean.TRUE);
        context.setIdAttributeNS(element, null, "ID");
        context.setURIDereferencer(onlyTheSignedElement(factory.getURIDereferencer(), id, element));
        try {
            XMLSignature signature = factory.unmarshalXMLSignature(context);
            if (signature.validate(context)) {
                Reference reference = signature.getSignedInfo().getReferences().get(0);
                return isTheElement(reference.getDereferencedData(), element) ? Result.VALID
                        : new Result(Status.ERROR, "the signed data is not the " + signed.name() + " itself");
            }
            return signature.getSignatureValue().validate(context) ? Result.DIGEST_MISMATCH : Result.SIGNATURE_MISMATCH;
        } catch (MarshalException | XMLSignatureException | RuntimeException e) {
            return new Result(Status.ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static URIDereferencer onlyTheSignedElement(URIDereferencer standard, String id, Element element) {
        return (reference, context) -> {
            String uri = reference.getURI();
            if (uri == null || !uri.equals("#" + id)
                    || ((DOMValidateContext) context).getElementById(id) != element) {
                throw new URIReferenceException("only the signed element itself may be referenced");
            }
            return standard.dereference(reference, context);
        };
    }

    // The JDK lists an element's attributes before the element itself; the first element listed must be ours.
    private static boolean isTheElement(Data data, Element element) {
        if (!(data instanceof NodeSetData<?> nodes)) {
            return false;
        }
        for (Object node : nodes) {
            if (node instanceof Attr attribute) {
                if (attribute.getOwnerElement() != element) {
                    return false;
                }
                continue;
            }
            return node == element;
        }
        return false;
    }
}
