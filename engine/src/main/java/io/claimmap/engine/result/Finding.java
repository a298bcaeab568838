package io.claimmap.engine.result;

import java.util.Objects;

/**
 * One thing claimmap found. {@code code} is stable (see {@link FindingCode}; custom rules may add their own),
 * {@code message} says what is wrong, {@code remedy} how to fix it, {@code rule} which check or rule raised it.
 */
public record Finding(String code, Severity severity, String message, String remedy, String rule) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        remedy = remedy == null ? "" : remedy;
        rule = rule == null ? "" : rule;
    }

    /** The same finding at another severity (used where one prediction decides how much a code matters). */
    public Finding withSeverity(Severity other) {
        return new Finding(code, other, message, remedy, rule);
    }
}
