package io.claimmap.engine;

import java.util.Locale;

/** Why a token is presented: customer Web Messaging, or agent SSO (where quality-management fields are required). */
public enum Purpose {
    MESSAGING, AGENT;

    private final String label = name().toLowerCase(Locale.ROOT); // once: label() is asked for every validation

    public String label() {
        return label;
    }

    public static Purpose fromLabel(String label) {
        for (Purpose purpose : values()) {
            if (purpose.label().equals(label)) {
                return purpose;
            }
        }
        // The label is not quoted: a client may have put a token there, and errors never echo the input.
        throw new IllegalArgumentException("purpose must be messaging or agent");
    }
}
