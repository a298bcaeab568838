package io.claimmap.cli;

/** An expected failure of the user's making: printed as one line on stderr, exit status 2, no stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
