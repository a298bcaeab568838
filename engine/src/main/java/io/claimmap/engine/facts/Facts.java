package io.claimmap.engine.facts;

import java.util.AbstractList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * What the rules see for one input: the {@link Token} and its {@link Claim}s. Built from a verified token or
 * assertion by the validator, or from plain claims for {@code claimmap eval}, test cases and corpora.
 */
public record Facts(Token token, List<Claim> claims) {
    /** The members of a plain claims object that name the SAML Issuer, NameID and Audience rather than attributes. */
    private static final List<String> SAML_PROTOCOL_MEMBERS = List.of("iss", "sub", "aud");

    public Facts {
        claims = claims instanceof TokenClaims ? claims : List.copyOf(claims);
    }

    /**
     * The token and its claims ({@link Claim#fromClaims} of {@link Token#getClaims}), flattened when first read: the
     * built-in packs alone read no claim for most tokens (see {@code ClaimReaders}), so a validation need not make them
     * (docs/PERFORMANCE.md, issue 14).
     */
    public static Facts of(Token token) {
        return new Facts(token, new TokenClaims(token));
    }

    /** A token's claim facts, made on first use; unmodifiable and thread-safe (each thread sees one made list). */
    private static final class TokenClaims extends AbstractList<Claim> implements RandomAccess {
        private final Token token;
        private volatile List<Claim> made;

        TokenClaims(Token token) {
            this.token = token;
        }

        private List<Claim> made() {
            List<Claim> claims = made;
            if (claims == null) {
                synchronized (this) {
                    claims = made;
                    if (claims == null) {
                        claims = List.copyOf(Claim.fromClaims(token.getClaims()));
                        made = claims;
                    }
                }
            }
            return claims;
        }

        @Override
        public Claim get(int index) {
            return made().get(index);
        }

        @Override
        public int size() {
            return made().size();
        }
    }

    /**
     * Facts from a plain JSON object of claims. For {@code jwt} it is the ID token's payload. For {@code saml},
     * {@code iss} is the Issuer, {@code sub} the NameID and {@code aud} the Audience, and every other member an
     * attribute (a string, or a list of strings for several values).
     */
    public static Facts fromClaims(String kind, Map<String, Object> claims, String purpose) {
        String issuer = claims.get("iss") instanceof String iss ? iss : null;
        String subject = claims.get("sub") instanceof String sub ? sub : null;
        List<String> audience = audience(claims.get("aud"));
        if (!"saml".equals(kind)) {
            return new Facts(new Token("jwt", issuer, subject, audience, null, null, purpose, claims),
                    Claim.fromClaims(claims));
        }
        Map<String, Object> attributes = new LinkedHashMap<>(claims);
        SAML_PROTOCOL_MEMBERS.forEach(attributes::remove);
        return new Facts(new Token("saml", issuer, subject, audience, null, null, purpose, attributes),
                Claim.fromClaims(attributes));
    }

    /** {@code aud} as a list: a string, or the strings of an array (anything else names no audience). */
    public static List<String> audience(Object aud) {
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof Collection<?> many) {
            return many.stream().filter(a -> a instanceof String).map(String.class::cast).toList();
        }
        return List.of();
    }
}
