package io.claimmap.engine.input;

/** Size and shape limits for hostile input, applied before any parser sees it. */
public final class InputLimits {
    /** Largest input accepted at all (a token response, a JWS, a SAML message). */
    public static final int MAX_INPUT_BYTES = 1024 * 1024;
    /** Largest compact JWS; real ID tokens are a few kilobytes. */
    public static final int MAX_JWS_CHARS = 64 * 1024;
    /**
     * Largest SAML message, as XML. Real responses are a few kilobytes; a DOM costs several times its text, and the
     * server's heap is sized for many requests at once.
     */
    public static final int MAX_SAML_CHARS = 256 * 1024;
    /** Deepest JSON nesting accepted in a header, payload or token response. */
    public static final int MAX_JSON_DEPTH = 32;

    private InputLimits() {
    }
}
