package io.claimmap.engine.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** Keys and signed tokens for tests: RSA keys from {@link TestKeys}' pool, the rest made fresh in memory. */
public final class TestTokens {
    public static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    public static final String ISSUER = "https://acme.okta.com/oauth2/default";
    public static final String CLIENT_ID = "0oa-messenger";

    private static RSAKey rsa;
    private static ECKey ec;

    private TestTokens() {
    }

    public static synchronized RSAKey rsaKey() {
        if (rsa == null) {
            rsa = rsaKey("okta-2026");
        }
        return rsa;
    }

    /** A 2048-bit key with this key id, one no other caller in this JVM got ({@link TestKeys}' pool). */
    public static RSAKey rsaKey(String kid) {
        return TestKeys.rsa2048(kid);
    }

    public static synchronized ECKey ecKey() {
        if (ec == null) {
            try {
                ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return ec;
    }

    public static JWKSet publicSet(JWK... keys) {
        return new JWKSet(java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList());
    }

    /** Standard valid claims at {@link #NOW}: an Okta-like customer. */
    public static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("00u1a2b3c4d5e6f7g8h9")
                .audience(CLIENT_ID)
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(3540)))
                .claim("email", "ada@example.com");
    }

    public static String sign(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsaKey().getKeyID()).build(), claims, rsaKey());
    }

    public static String sign(JWSHeader header, JWTClaimsSet claims, JWK key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String signHmac(JWSHeader header, JWTClaimsSet claims, byte[] secret) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token from raw header and payload JSON texts and a raw signature segment: for crafting bad input. */
    public static String raw(String headerJson, String payloadJson, String signatureSegment) {
        return b64(headerJson) + "." + b64(payloadJson) + "." + signatureSegment;
    }

    public static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof RSAKey r) {
            return new RSASSASigner(r);
        }
        return new ECDSASigner((ECKey) key);
    }
}
