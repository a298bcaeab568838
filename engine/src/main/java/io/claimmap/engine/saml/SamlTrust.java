package io.claimmap.engine.saml;

import io.claimmap.engine.keys.CertificateDescription;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static io.claimmap.engine.result.FindingCode.KEYS_UNAVAILABLE;

/**
 * The keys a SAML signature may verify with: every key of the configured sources ({@code --saml-metadata},
 * {@code --key}, and any JWK source), with its certificate where the source has one (metadata and PEM certificates
 * do). A message's own KeyInfo is never among them. Thread-safe.
 */
final class SamlTrust {
    /** One trusted key; {@code certificate} null for a bare public key. */
    record TrustedKey(PublicKey key, X509Certificate certificate, String source) {
        String describe() {
            if (certificate == null) {
                return "a " + key.getAlgorithm() + " public key without certificate, SHA-256 of the key "
                        + fingerprint(key.getEncoded()) + " (" + source + ")";
            }
            return describe(certificate) + " (" + source + ")";
        }

        static String describe(X509Certificate certificate) {
            return "\"" + certificate.getSubjectX500Principal().getName() + "\", SHA-256 " + fingerprint(certificate)
                    + ", valid " + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant();
        }
    }

    private final List<KeySource> sources;

    SamlTrust(List<KeySource> sources) {
        this.sources = List.copyOf(sources);
    }

    boolean configured() {
        return !sources.isEmpty();
    }

    /** The trusted keys now (remote sources refresh as they do for JWTs); unreadable sources become findings. */
    List<TrustedKey> keys(List<Finding> findings) {
        List<TrustedKey> keys = new ArrayList<>();
        for (KeySource source : sources) {
            try {
                for (JWK jwk : source.all()) {
                    TrustedKey key = trusted(jwk, source.description());
                    if (key != null) {
                        keys.add(key);
                    }
                }
            } catch (KeySourceException e) {
                findings.add(KEYS_UNAVAILABLE.finding(source.description() + " could not be read: " + source.problem(e),
                        "Check that the source is reachable from here and serves the IdP's metadata (or keys); the "
                                + "message cannot be verified until it is.", SignatureShape.RULE));
            }
        }
        return keys;
    }

    private static TrustedKey trusted(JWK jwk, String source) {
        List<X509Certificate> chain = jwk.getParsedX509CertChain();
        if (chain != null && !chain.isEmpty()) {
            return new TrustedKey(chain.get(0).getPublicKey(), chain.get(0), source);
        }
        if (jwk instanceof AsymmetricJWK asymmetric) {
            try {
                return new TrustedKey(asymmetric.toPublicKey(), null, source);
            } catch (JOSEException e) {
                return null;
            }
        }
        return null; // a shared secret never verifies a SAML signature
    }

    static String fingerprint(X509Certificate certificate) {
        return CertificateDescription.fingerprint(certificate);
    }

    static String fingerprint(byte[] der) {
        return CertificateDescription.sha256(der);
    }
}
