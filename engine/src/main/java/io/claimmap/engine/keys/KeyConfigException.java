package io.claimmap.engine.keys;

/** A configured key source is unusable as configured (a missing file, a PEM that is not PEM, a plain-http URL). */
public final class KeyConfigException extends Exception {
    public KeyConfigException(String message) {
        super(message, null, false, false);
    }
}
