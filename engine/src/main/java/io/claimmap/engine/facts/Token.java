package io.claimmap.engine.facts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token or SAML assertion being evaluated, one per evaluation. JavaBean getters so that rules read naturally:
 * {@code Token( issuer == "https://acme.okta.com", purpose == "agent" )}.
 */
public final class Token {
    private final String kind;
    private final String issuer;
    private final String subject;
    private final List<String> audience;
    private final String keyId;
    private final String algorithm;
    private final String purpose;
    private final Map<String, Object> claims;
    /** {@link #toString}, made once: the trace names the token in every firing that matched it. */
    private String text;

    public Token(String kind, String issuer, String subject, List<String> audience, String keyId, String algorithm,
                 String purpose, Map<String, Object> claims) {
        this.kind = kind;
        this.issuer = issuer;
        this.subject = subject;
        this.audience = List.copyOf(audience);
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.purpose = purpose;
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** {@code "jwt"} or {@code "saml"}. */
    public String getKind() {
        return kind;
    }

    /** {@code iss}, or the SAML Issuer. */
    public String getIssuer() {
        return issuer;
    }

    /** {@code sub}, or the SAML NameID's full text. Null when missing. */
    public String getSubject() {
        return subject;
    }

    public List<String> getAudience() {
        return audience;
    }

    public String getKeyId() {
        return keyId;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    /** {@code "messaging"} (customer Web Messaging) or {@code "agent"} (agent SSO, QM fields required). */
    public String getPurpose() {
        return purpose;
    }

    /** True when {@code sub} is an http(s) URL, such as a Salesforce identity URL. */
    public boolean isSubjectUrl() {
        return subject != null && (subject.startsWith("https://") || subject.startsWith("http://"));
    }

    /** A claim as text (arrays joined with spaces), or null: {@code Token( claim("email") != null )}. */
    public String claim(String name) {
        Object value = claims.get(name);
        return value == null ? null : Claim.text(value);
    }

    public Map<String, Object> getClaims() {
        return claims;
    }

    @Override
    public String toString() {
        String made = text; // racy but safe: every thread makes the same immutable string
        if (made == null) {
            made = new StringBuilder(48 + String.valueOf(issuer).length() + String.valueOf(subject).length())
                    .append("Token(kind=").append(kind).append(", issuer=").append(issuer).append(", subject=")
                    .append(subject).append(", purpose=").append(purpose).append(')').toString();
            text = made;
        }
        return made;
    }
}
