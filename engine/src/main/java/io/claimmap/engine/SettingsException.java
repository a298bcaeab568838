package io.claimmap.engine;

/**
 * Settings that cannot be put to work: a key source, contacts file or rule file that cannot be read, rules that do
 * not compile. The message is for the user, one line where it can be (a compile error lists each problem).
 */
public final class SettingsException extends Exception {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
