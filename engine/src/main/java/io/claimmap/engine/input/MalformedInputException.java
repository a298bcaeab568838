package io.claimmap.engine.input;

/** The input is not a well-formed token or message; the message says exactly what is wrong and never quotes the input. */
public final class MalformedInputException extends Exception {
    public MalformedInputException(String message) {
        super(message, null, false, false);
    }
}
