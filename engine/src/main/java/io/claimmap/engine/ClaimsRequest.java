package io.claimmap.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Plain claims to run the rules over, without a signature to check ({@code claimmap eval}, claims test cases,
 * corpora of claims).
 *
 * @param kind    {@code jwt} (an ID token's payload) or {@code saml} ({@code iss} the Issuer, {@code sub} the NameID,
 *                other members attributes)
 * @param purpose null for the default of the kind (messaging for jwt, agent for saml)
 */
public record ClaimsRequest(Map<String, Object> claims, String kind, Purpose purpose, boolean explain) {
    public ClaimsRequest {
        claims = new LinkedHashMap<>(Objects.requireNonNull(claims, "claims"));
        kind = kind == null ? "jwt" : kind;
        if (!kind.equals("jwt") && !kind.equals("saml")) {
            throw new IllegalArgumentException("kind must be jwt or saml"); // not quoted: errors never echo the input
        }
    }

    public Purpose purposeOrDefault() {
        return purpose != null ? purpose : kind.equals("saml") ? Purpose.AGENT : Purpose.MESSAGING;
    }
}
