package io.claimmap.engine.result;

import java.util.Locale;

/** How much a finding matters: any error fails the verdict, any warning turns a pass into a warn. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** The lower-case name used in the JSON document and in rules ({@code "error"}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
