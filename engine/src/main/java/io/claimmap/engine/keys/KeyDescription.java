package io.claimmap.engine.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * One key as {@code claimmap keys inspect} shows it. The RFC 7638 SHA-256 thumbprint identifies a key whatever
 * its {@code kid}, so it is what key-set diffs compare.
 *
 * @param size        "2048 bits" for RSA, the curve ("P-256") for EC
 * @param certificate null unless the key came with an X.509 certificate
 */
public record KeyDescription(String source, String keyId, String type, String algorithm, String use, String size,
                             String thumbprint, CertificateDescription certificate) {

    public static KeyDescription of(JWK key, String source, Instant now) {
        String size = key instanceof RSAKey rsa ? rsa.size() + " bits"
                : key instanceof ECKey ec ? ec.getCurve().getName() : key.size() + " bits";
        List<X509Certificate> chain = key.getParsedX509CertChain();
        CertificateDescription certificate = chain == null || chain.isEmpty() ? null : CertificateDescription.of(chain.get(0), now);
        return new KeyDescription(source, key.getKeyID(), key.getKeyType().getValue(),
                key.getAlgorithm() == null ? null : key.getAlgorithm().getName(),
                key.getKeyUse() == null ? null : key.getKeyUse().identifier(), size, thumbprint(key), certificate);
    }

    public static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * {@code kid "okta-2026"}; without a kid, a certificate by the start of its SHA-256 fingerprint (SAML metadata
     * and PEM files name no kid, and an Okta certificate's subject stays the same across rotations), else the start
     * of the key's thumbprint.
     */
    public String label() {
        if (keyId != null) {
            return "kid \"" + keyId + "\"";
        }
        return certificate != null ? "certificate SHA-256 " + certificate.sha256Fingerprint().substring(0, 23) + "..."
                : "key " + thumbprint.substring(0, 12) + "...";
    }
}
