package io.claimmap.engine.result;

import java.util.Collection;
import java.util.Locale;

/** The one-word answer: will this token be accepted and identified? */
public enum Verdict {
    PASS, WARN, FAIL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code fail} if any finding is an error, else {@code warn} if any is a warning, else {@code pass}. */
    public static Verdict of(Collection<Finding> findings) {
        boolean warning = false;
        for (Finding finding : findings) {
            if (finding.severity() == Severity.ERROR) {
                return FAIL;
            }
            warning |= finding.severity() == Severity.WARNING;
        }
        return warning ? WARN : PASS;
    }
}
