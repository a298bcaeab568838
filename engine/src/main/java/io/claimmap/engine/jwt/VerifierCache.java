package io.claimmap.engine.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ready verifier per trusted key. nimbus' DefaultJWTProcessor converts the JWK to a Java key on every call;
 * nimbus verifiers are thread-safe, so they are built once per key and shared.
 */
final class VerifierCache {
    private static final int MAX_ENTRIES = 256;

    private final ConcurrentHashMap<JWK, JWSVerifier> verifiers = new ConcurrentHashMap<>();

    JWSVerifier verifierFor(JWK key) throws JOSEException {
        JWSVerifier verifier = verifiers.get(key);
        if (verifier == null) {
            verifier = create(key);
            if (verifiers.size() >= MAX_ENTRIES) {
                verifiers.clear(); // keys rotate rarely; a bounded cache beats an unbounded one fed by remote sets
            }
            verifiers.put(key, verifier);
        }
        return verifier;
    }

    private static JWSVerifier create(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECKey ec) {
            ECDSAVerifier verifier = new ECDSAVerifier(ec);
            verifier.getJCAContext().setProvider(EcdsaProvider.INSTANCE);
            return verifier;
        }
        throw new JOSEException("unsupported key type " + key.getKeyType());
    }

    /**
     * JDK 17's P-256 verify takes ~770 µs warmed up, BouncyCastle's ~154 µs; RSA stays on the JDK. Held lazily: the provider
     * registers hundreds of classes from a signed jar (which AppCDS cannot archive), a cost only EC tokens should pay.
     */
    private static final class EcdsaProvider {
        static final Provider INSTANCE = new BouncyCastleProvider();
    }
}
