package io.claimmap.engine.contacts;

/** A contacts export that cannot be used; its message names the file and the problem. */
public final class ContactsException extends RuntimeException {
    public ContactsException(String message) {
        super(message, null, false, false);
    }
}
