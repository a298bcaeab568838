package io.claimmap.engine.saml;

import java.util.Map;

/**
 * The XML signature algorithms claimmap verifies in SAML messages: RSA and ECDSA with SHA-256/384/512, SHA-256/384/512
 * digests, exclusive canonicalization without comments, and the enveloped-signature transform. Nothing else, ever:
 * no SHA-1, no MD5, no HMAC, no XPath or XSLT transforms.
 */
final class SamlAlgorithms {
    static final String EXCLUSIVE_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

    /** Allowed signature methods, by their short names. */
    static final Map<String, String> SIGNATURE_METHODS = Map.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "RSA-SHA256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", "RSA-SHA384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "RSA-SHA512",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "ECDSA-SHA256",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", "ECDSA-SHA384",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512", "ECDSA-SHA512");

    /** Refused signature methods worth a name of their own in messages. */
    private static final Map<String, String> REFUSED_NAMES = Map.of(
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "RSA-SHA1",
            "http://www.w3.org/2000/09/xmldsig#dsa-sha1", "DSA-SHA1",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1", "ECDSA-SHA1",
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1", "HMAC-SHA1",
            "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256", "HMAC-SHA256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5", "RSA-MD5");

    static final Map<String, String> DIGEST_METHODS = Map.of(
            "http://www.w3.org/2001/04/xmlenc#sha256", "SHA-256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA-384",
            "http://www.w3.org/2001/04/xmlenc#sha512", "SHA-512");

    private SamlAlgorithms() {
    }

    /** A short name for a signature method URI ({@code RSA-SHA256}), refused ones included; the URI itself otherwise. */
    static String shortName(String signatureMethod) {
        String name = SIGNATURE_METHODS.get(signatureMethod);
        if (name == null) {
            name = REFUSED_NAMES.get(signatureMethod);
        }
        return name != null ? name : SamlMessage.cap(signatureMethod);
    }

    /** Why a signature method is refused, or null if it is allowed. */
    static String signatureMethodRefusal(String uri) {
        if (SIGNATURE_METHODS.containsKey(uri)) {
            return null;
        }
        String name = shortName(uri);
        if (name.contains("SHA1") || name.contains("MD5")) {
            return "the signature uses " + name + ": SHA-1 and MD5 signatures can be forged and are never accepted";
        }
        if (name.startsWith("HMAC")) {
            return "the signature uses " + name + ", an HMAC algorithm: SAML IdPs sign with the private key of their "
                    + "certificate, and a shared secret is never accepted";
        }
        return "the signature uses " + name + ", outside the allow-list (RSA-SHA256/384/512, ECDSA-SHA256/384/512)";
    }

    /** Why a digest method is refused, or null if it is allowed. */
    static String digestMethodRefusal(String uri) {
        if (DIGEST_METHODS.containsKey(uri)) {
            return null;
        }
        if (uri.endsWith("#sha1") || uri.endsWith("#md5")) {
            return "the signature digests the signed element with " + uri.substring(uri.indexOf('#') + 1).toUpperCase()
                    + ", which is never accepted (collisions can be made)";
        }
        return "the signature digests the signed element with " + SamlMessage.cap(uri)
                + ", outside the allow-list (SHA-256/384/512)";
    }

    /** Why a canonicalization method or transform is refused, or null if it is allowed. */
    static String transformRefusal(String uri, boolean signedInfo) {
        if (uri.equals(EXCLUSIVE_C14N) || (!signedInfo && uri.equals(ENVELOPED))) {
            return null;
        }
        String what = signedInfo ? "canonicalizes SignedInfo with " : "transforms the signed element with ";
        String allowed = signedInfo ? "only exclusive canonicalization without comments (" + EXCLUSIVE_C14N + ")"
                : "only the enveloped-signature transform and exclusive canonicalization without comments";
        return "the signature " + what + SamlMessage.cap(uri) + "; SAML signatures use " + allowed;
    }
}
