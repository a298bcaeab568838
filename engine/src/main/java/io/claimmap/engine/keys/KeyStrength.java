package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.claimmap.engine.result.Finding;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

import static io.claimmap.engine.result.FindingCode.KEY_TOO_WEAK;

/**
 * Which trusted keys are too weak to believe a signature from: RSA keys under 2048 bits (RFC 7518 §3.3; NIST has
 * disallowed them since 2013) and RSA keys with public exponent 1, with which a "signature" is the padded digest
 * itself. Such keys never verify, for tokens and SAML messages alike, and {@code keys inspect} reports them. The one
 * place that raises {@code KEY_TOO_WEAK}.
 */
public final class KeyStrength {
    public static final int MIN_RSA_BITS = 2048;

    private KeyStrength() {
    }

    /** Why this key must not verify anything, or null when it may. */
    public static String weakness(JWK key) {
        if (key instanceof RSAKey rsa) {
            return weakness(rsa.getModulus().decodeToBigInteger(), rsa.getPublicExponent().decodeToBigInteger());
        }
        return null;
    }

    /** Why this key must not verify anything, or null when it may. */
    public static String weakness(PublicKey key) {
        return key instanceof RSAPublicKey rsa ? weakness(rsa.getModulus(), rsa.getPublicExponent()) : null;
    }

    private static String weakness(BigInteger modulus, BigInteger exponent) {
        if (exponent.equals(BigInteger.ONE)) {
            return "its RSA public exponent is 1, so anyone can compute a valid signature";
        }
        int bits = modulus.bitLength();
        if (bits < MIN_RSA_BITS) {
            return "it is an RSA key of " + bits + " bits, under the " + MIN_RSA_BITS + " bits RFC 7518 requires";
        }
        return null;
    }

    /** {@code KEY_TOO_WEAK}: {@code key} ("kid \"old\" from jwks keys.json") would be used, but is too weak. */
    public static Finding tooWeak(String key, String weakness, String use, String rule) {
        return KEY_TOO_WEAK.finding(key + " " + use + ", but " + weakness + ": it is never used to verify",
                "Have the IdP sign with an RSA key of at least 2048 bits (or an EC P-256 key) and publish it; a key "
                        + "this weak can be broken or forged.", rule);
    }
}
