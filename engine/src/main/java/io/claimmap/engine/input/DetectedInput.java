package io.claimmap.engine.input;

/** What an input turned out to be, decided from its content alone. */
public sealed interface DetectedInput {
    /** A compact JWS, given directly or as the {@code id_token} of a token endpoint response. */
    record Jwt(String compact, boolean fromTokenResponse) implements DetectedInput {
    }

    /** A SAML message as XML text (base64 input already decoded). */
    record Saml(String xml) implements DetectedInput {
    }
}
