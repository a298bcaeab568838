package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.SecurityContext;

import java.util.List;

/**
 * One configured source of trusted keys, as a nimbus {@link JWKSource} (remote ones cache, refresh on an unknown
 * {@code kid} and tolerate outages).
 *
 * @param description   how the source was configured, for messages ({@code jwks examples/keys/okta.jwks.json})
 * @param jwks          where the keys come from
 * @param ignoresKeyId  true for PEM keys, which have no {@code kid}: they are tried for any token {@code kid}
 * @param issuer        the issuer a discovery document declared, or null
 */
public record KeySource(String description, JWKSource<SecurityContext> jwks, boolean ignoresKeyId, String issuer) {
    private static final JWKMatcher ALL = new JWKMatcher.Builder().build();

    public List<JWK> select(JWKMatcher matcher) throws KeySourceException {
        return jwks.get(new JWKSelector(matcher), null);
    }

    public List<JWK> all() throws KeySourceException {
        return select(ALL);
    }

    /** A source that failed while it was being set up (a discovery document that could not be fetched, say). */
    public static KeySource unavailable(String description, String reason) {
        return new KeySource(description, (selector, context) -> {
            throw new KeySourceException(reason);
        }, false, null);
    }
}
