package io.claimmap.engine.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.claimmap.engine.keys.KeyStrength;
import io.claimmap.engine.OptionalJars;

import java.security.Provider;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ready verifier per trusted key, and whether the key is too weak to use. nimbus' DefaultJWTProcessor converts
 * the JWK to a Java key on every call; nimbus verifiers are thread-safe, so they are built once per key and shared.
 * The strength check decodes the RSA modulus (run per call, it was about 4 µs of a 42 µs RS256 validation): once per key.
 */
final class VerifierCache {
    private static final int MAX_ENTRIES = 256;

    private final ConcurrentHashMap<JWK, Entry> entries = new ConcurrentHashMap<>();
    private volatile Entry last;

    /** Why the key must not verify anything ({@link KeyStrength#weakness(JWK)}), or null when it may. */
    String weakness(JWK key) {
        return entry(key).weakness;
    }

    JWSVerifier verifierFor(JWK key) throws JOSEException {
        Entry entry = entry(key);
        JWSVerifier verifier = entry.verifier;
        if (verifier == null) {
            verifier = create(key);
            entry.verifier = verifier; // a race builds an equal verifier twice, harmlessly
        }
        return verifier;
    }

    private Entry entry(JWK key) {
        Entry entry = last;
        if (entry != null && entry.key == key) {
            return entry; // the same key object as last time (a key set hands out the same objects): no hashing
        }
        entry = entries.get(key);
        if (entry == null) {
            entry = new Entry(key, KeyStrength.weakness(key));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear(); // keys rotate rarely; a bounded cache beats an unbounded one fed by remote sets
            }
            entries.put(key, entry);
        }
        last = entry;
        return entry;
    }

    private static final class Entry {
        final JWK key;
        final String weakness;
        volatile JWSVerifier verifier;

        Entry(JWK key, String weakness) {
            this.key = key;
            this.weakness = weakness;
        }
    }

    private static JWSVerifier create(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECKey ec) {
            ECDSAVerifier verifier = new ECDSAVerifier(ec);
            verifier.getJCAContext().setProvider(EcdsaProvider.INSTANCE); // null: the JDK's own
            return verifier;
        }
        throw new JOSEException("unsupported key type " + key.getKeyType());
    }

    /**
     * JDK 17's P-256 verify takes ~770 µs warmed up, BouncyCastle's ~154 µs; RSA stays on the JDK. Held lazily: the provider
     * registers hundreds of classes from a signed jar (which AppCDS cannot archive), a cost only EC tokens should pay.
     * Found on the class path (tests, applications) or in {@code lib/bouncycastle/} beside the engine, which the CLI
     * keeps off its class path for the cost of opening that jar at every start; without either, the JDK verifies.
     */
    private static final class EcdsaProvider {
        static final String CLASS = "org.bouncycastle.jce.provider.BouncyCastleProvider";
        static final Provider INSTANCE = find();

        private static Provider find() {
            try {
                return instantiate(Class.forName(CLASS, true, VerifierCache.class.getClassLoader()));
            } catch (ClassNotFoundException onClassPath) {
                try {
                    ClassLoader loader = OptionalJars.loader("bouncycastle");
                    return loader == null ? null : instantiate(Class.forName(CLASS, true, loader));
                } catch (ReflectiveOperationException | java.io.IOException | LinkageError e) {
                    return null;
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }

        private static Provider instantiate(Class<?> type) throws ReflectiveOperationException {
            return (Provider) type.getConstructor().newInstance();
        }
    }
}
