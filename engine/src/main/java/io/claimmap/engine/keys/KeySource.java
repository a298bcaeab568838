package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.SecurityContext;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * One configured source of trusted keys, as a nimbus {@link JWKSource} (remote ones cache, refresh on an unknown
 * {@code kid} and tolerate outages). Closing it stops what the remote ones run in the background.
 *
 * @param description   how the source was configured, for messages ({@code jwks examples/keys/okta.jwks.json})
 * @param jwks          where the keys come from
 * @param ignoresKeyId  true for PEM keys, which have no {@code kid}: they are tried for any token {@code kid}
 * @param issuerSource  the issuer a discovery document declares, null for other sources
 * @param protocol      which kind of message the source may verify
 * @param health        whether the source last gave keys, as it reported itself (never probed)
 */
public record KeySource(String description, JWKSource<SecurityContext> jwks, boolean ignoresKeyId,
                        Supplier<String> issuerSource, Protocol protocol, KeySourceHealth health) implements AutoCloseable {
    /**
     * What a source is trusted to verify: an OIDC provider's keys vouch for ID tokens only, SAML metadata for SAML
     * messages only; a PEM key or certificate given with --key for either.
     */
    public enum Protocol { JWT, SAML, ANY }

    public KeySource(String description, JWKSource<SecurityContext> jwks, boolean ignoresKeyId,
                     Supplier<String> issuerSource, Protocol protocol) {
        this(description, jwks, ignoresKeyId, issuerSource, protocol, KeySourceHealth.alwaysUp(description));
    }

    public KeySource(String description, JWKSource<SecurityContext> jwks, boolean ignoresKeyId, String issuer) {
        this(description, jwks, ignoresKeyId, issuer == null ? null : () -> issuer, Protocol.ANY);
    }

    /** The issuer a discovery document declared; null for other sources, or while the document cannot be read. */
    public String issuer() {
        return issuerSource == null ? null : issuerSource.get();
    }

    public boolean trustedFor(Protocol wanted) {
        return protocol == Protocol.ANY || protocol == wanted;
    }

    private static final JWKMatcher ALL = new JWKMatcher.Builder().build();

    public List<JWK> select(JWKMatcher matcher) throws KeySourceException {
        return jwks.get(new JWKSelector(matcher), null);
    }

    public List<JWK> all() throws KeySourceException {
        return select(ALL);
    }

    /**
     * Why {@link #select} failed, in words. Nimbus' rate limiter (no fetch again within 30 s of the last) says nothing
     * of its own: its refusal names the last fetch's failure instead of "null".
     */
    public String problem(KeySourceException e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        String last = health.state().cause();
        if (e instanceof com.nimbusds.jose.jwk.source.RateLimitReachedException) {
            return "not fetched again so soon after the last attempt" + (last == null ? "" : ", which failed: " + last);
        }
        return KeySourceHealth.describe(e);
    }

    /** Stops the background refresh of remote sources (nimbus' executors are not daemon threads). Idempotent. */
    @Override
    public void close() {
        if (jwks instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
