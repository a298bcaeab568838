package io.claimmap.engine.genesys;

import java.util.Locale;

/** How a live look-up went: found, certainly absent, or not answered (the reason is in the result). */
public enum LookupStatus {
    FOUND, NOT_FOUND, UNAVAILABLE;

    /** {@code found}, {@code not-found}, {@code unavailable}: the form JSON output uses. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
