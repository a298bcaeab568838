package io.claimmap.engine.result;

/** What the input was: its kind ({@code jwt} or {@code saml}) and the identifying header and claims, each possibly null. */
public record InputSummary(String kind, String issuer, String subject, String keyId, String algorithm) {
    public static InputSummary unknown(String kind) {
        return new InputSummary(kind, null, null, null, null);
    }
}
