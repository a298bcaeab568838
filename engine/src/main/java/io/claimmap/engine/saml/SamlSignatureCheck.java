package io.claimmap.engine.saml;

import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeyStrength;
import io.claimmap.engine.keys.CertificateDescription;
import io.claimmap.engine.keys.CertificateExpiry;
import io.claimmap.engine.result.Finding;
import org.w3c.dom.Element;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.claimmap.engine.result.FindingCode.CERT_NOT_TRUSTED;
import static io.claimmap.engine.result.FindingCode.SAML_SIGNATURE_MISSING;
import static io.claimmap.engine.result.FindingCode.SIGNATURE_INVALID;
import static io.claimmap.engine.result.FindingCode.SIGNATURE_NOT_CHECKED;
import static io.claimmap.engine.saml.SamlMessage.DSIG;
import static io.claimmap.engine.saml.SamlMessage.child;
import static io.claimmap.engine.saml.SignatureShape.RULE;

/**
 * Decides whether the message's Assertion is covered by a signature, and whether that signature verifies with a trusted
 * certificate. First the shape of every signature (where it is, what it references, which algorithms), then the
 * cryptography, Response first. A failed verification is explained: a certificate outside the trusted set (named by
 * its fingerprint, the usual sign of an IdP certificate rotation) or an element altered after signing. The verifying
 * certificate's expiry is checked. Thread-safe.
 */
public final class SamlSignatureCheck {
    private static final String CERTIFICATE_RULE = "check: certificate";
    private static final String FORGED = "Treat the message as forged: it is not what the IdP posted.";

    /**
     * @param covered   a signature structurally covers the Assertion, so it may be read (the verdict still fails if
     *                  the signature did not verify)
     * @param algorithm the short name of the signature method of the signature covering the Assertion, or null
     */
    public record Outcome(List<Finding> findings, boolean covered, String algorithm) {
        public Outcome {
            findings = List.copyOf(findings);
        }
    }

    private final SamlTrust trust;

    public SamlSignatureCheck(List<KeySource> sources) {
        this.trust = new SamlTrust(sources);
    }

    public Outcome check(SamlMessage message, Instant now) {
        List<Finding> findings = new ArrayList<>();
        if (!message.straySignatures().isEmpty()) {
            findings.add(SIGNATURE_INVALID.finding("the message has a ds:Signature where SAML never puts one ("
                    + String.join(", ", message.straySignatures()) + "); a SAML signature is a direct child of the "
                    + "Response or Assertion it signs. A misplaced signature is how signature-wrapping attacks make a "
                    + "signed element seem to vouch for another, so nothing in the message is believed", FORGED, RULE));
            return new Outcome(findings, false, null);
        }
        if (message.signed().isEmpty()) {
            findings.add(SAML_SIGNATURE_MISSING.finding("neither the Response nor the Assertion is signed: anyone could "
                            + "have written this message, so nothing in it is believed and nothing was mapped",
                    "Configure the IdP to sign the assertion (or the whole response) with its signing certificate.",
                    RULE));
            return new Outcome(findings, false, null);
        }
        boolean allowed = true;
        String algorithm = null;
        for (SamlMessage.Signed signed : message.signed()) {
            SignatureShape.Shape shape = SignatureShape.inspect(signed, findings);
            if (!shape.covers()) {
                return new Outcome(findings, false, null);
            }
            allowed &= shape.algorithmsAllowed();
            algorithm = SamlAlgorithms.shortName(shape.signatureMethod()); // the Assertion's, when both are signed
        }
        if (!allowed) {
            return new Outcome(findings, true, algorithm);
        }
        if (!trust.configured()) {
            findings.add(SIGNATURE_NOT_CHECKED.finding("no certificate trusted for SAML was configured, so the signature "
                            + "was not verified (its shape was: it covers the assertion that is read) and nothing in "
                            + "the message can be believed",
                    "Pass --saml-metadata <IdP metadata file or URL> or --key <IdP certificate PEM> to verify it (or "
                            + "--unverified to preview the claims of a message you trust anyway).", RULE));
            return new Outcome(findings, true, algorithm);
        }
        int before = findings.size();
        List<SamlTrust.TrustedKey> trusted = trust.keys(findings);
        if (trusted.isEmpty() && findings.size() > before) { // every source failed: KEYS_UNAVAILABLE says why
            return new Outcome(findings, true, algorithm);
        }
        List<SamlTrust.TrustedKey> keys = trusted.stream().filter(k -> KeyStrength.weakness(k.key()) == null).toList();
        List<SamlTrust.TrustedKey> weak = trusted.stream().filter(k -> KeyStrength.weakness(k.key()) != null).toList();
        Set<X509Certificate> verifying = new LinkedHashSet<>();
        for (SamlMessage.Signed signed : message.signed()) {
            SamlTrust.TrustedKey key = verifyingKey(signed, keys);
            if (key == null) {
                SamlTrust.TrustedKey weakKey = verifyingKey(signed, weak);
                findings.add(weakKey != null ? KeyStrength.tooWeak("the trusted key " + weakKey.describe(),
                        KeyStrength.weakness(weakKey.key()), "verifies the " + signed.name() + "'s signature", RULE)
                        : explainFailure(signed, keys));
                return new Outcome(findings, true, algorithm);
            }
            if (key.certificate() != null) {
                verifying.add(key.certificate());
            }
        }
        for (X509Certificate certificate : verifying) {
            expiry(certificate, now, findings);
        }
        return new Outcome(findings, true, algorithm);
    }

    private static SamlTrust.TrustedKey verifyingKey(SamlMessage.Signed signed, List<SamlTrust.TrustedKey> keys) {
        for (SamlTrust.TrustedKey key : keys) {
            if (XmlSignatureVerifier.verify(signed, key.key()).status() == XmlSignatureVerifier.Status.VALID) {
                return key;
            }
        }
        return null;
    }

    private static Finding explainFailure(SamlMessage.Signed signed, List<SamlTrust.TrustedKey> keys) {
        X509Certificate presented = keyInfoCertificate(signed.signature());
        SamlTrust.TrustedKey named = presented == null ? null : keys.stream()
                .filter(k -> k.key().equals(presented.getPublicKey())).findFirst().orElse(null);
        if (presented != null && named == null) {
            return certificateNotTrusted(signed, presented, keys);
        }
        List<SamlTrust.TrustedKey> candidates = named != null ? List.of(named) : keys;
        String why = null;
        for (SamlTrust.TrustedKey key : candidates) {
            XmlSignatureVerifier.Result result = XmlSignatureVerifier.verify(signed, key.key());
            if (result.status() == XmlSignatureVerifier.Status.DIGEST_MISMATCH) {
                return SIGNATURE_INVALID.finding("the " + signed.name() + " was changed after it was signed: the "
                                + "trusted certificate " + key.describe() + " signed it, but its content no longer "
                                + "matches the signed digest",
                        "Pass the message on byte for byte as the IdP posted it; if it was, treat it as forged.", RULE);
            }
            if (result.status() == XmlSignatureVerifier.Status.ERROR && why == null) {
                why = result.detail();
            }
        }
        String with = switch (candidates.size()) {
            case 0 -> "any trusted key: the configured sources hold no certificate or public key";
            case 1 -> "the trusted key " + candidates.get(0).describe();
            default -> "any of the trusted keys: " + describeAll(candidates);
        };
        return SIGNATURE_INVALID.finding("the " + signed.name() + "'s signature does not verify with " + with
                        + (presented == null ? ". The message names no certificate, so it was either altered or signed "
                        + "with a certificate outside the trusted set" : ": the message was altered after signing")
                        + (why == null ? "" : " (" + why + ")"),
                "Pass the message on byte for byte as the IdP posted it; if it was, compare the IdP's current signing "
                        + "certificate with the trusted ones.", RULE);
    }

    private static Finding certificateNotTrusted(SamlMessage.Signed signed, X509Certificate presented,
                                                 List<SamlTrust.TrustedKey> keys) {
        // The presented certificate is used only to tell a rotation from a forgery, never to accept the message.
        boolean intact = XmlSignatureVerifier.verify(signed, presented.getPublicKey()).status()
                == XmlSignatureVerifier.Status.VALID;
        String fingerprint = SamlTrust.fingerprint(presented);
        return CERT_NOT_TRUSTED.finding("the " + signed.name() + " is signed with a certificate outside the trusted "
                        + "set: " + SamlTrust.TrustedKey.describe(presented) + " (named by the message's KeyInfo, "
                        + "which is never trusted by itself). "
                        + (intact ? "The signature is intact with that certificate, so the IdP signs with it now. "
                        : "The signature does not verify even with that certificate, so the message was also altered. ")
                        + "Trusted: " + (keys.isEmpty() ? "none" : describeAll(keys)) + ". This is what an IdP "
                        + "certificate rotation looks like: Genesys Cloud is predicted to refuse these sign-ins "
                        + "(invalid_grant) until it has the new certificate.",
                "If the IdP rotated its signing certificate, upload the new one (SHA-256 " + fingerprint + ") to the "
                        + "Genesys Cloud single sign-on configuration for this IdP (it takes additional certificates, "
                        + "so the old one can stay until the rotation is done) and refresh the metadata or PEM you "
                        + "trust here; at the next rotation, upload the new certificate to Genesys Cloud before "
                        + "activating it at the IdP. If nobody rotated it, treat the message as forged.", RULE);
    }

    /** The first X509Certificate of the signature's KeyInfo, read only to name it; null if there is none or it is junk. */
    private static X509Certificate keyInfoCertificate(Element signature) {
        Element keyInfo = child(signature, DSIG, "KeyInfo");
        Element data = keyInfo == null ? null : child(keyInfo, DSIG, "X509Data");
        Element certificate = data == null ? null : child(data, DSIG, "X509Certificate");
        if (certificate == null) {
            return null;
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(certificate.getTextContent());
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }

    private static void expiry(X509Certificate certificate, Instant now, List<Finding> findings) {
        CertificateExpiry.check(CertificateDescription.of(certificate, now), "certificate that verified the message",
                CertificateExpiry.DEFAULT_WARN_DAYS, CERTIFICATE_RULE).ifPresent(findings::add);
    }

    private static String describeAll(List<SamlTrust.TrustedKey> keys) {
        List<String> names = new ArrayList<>();
        for (SamlTrust.TrustedKey key : keys) {
            names.add(key.describe());
        }
        return String.join("; ", names);
    }
}
