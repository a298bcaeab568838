package io.claimmap.engine.genesys;

/** {@code --genesys} cannot be used as given: a usage error (exit 2), with a message that names no secret. */
public final class GenesysConfigException extends Exception {
    public GenesysConfigException(String message) {
        super(message);
    }
}
