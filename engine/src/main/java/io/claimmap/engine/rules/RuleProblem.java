package io.claimmap.engine.rules;

import io.claimmap.engine.result.Severity;

/**
 * One problem of a rule file, located in the {@code .drl} the user wrote: {@code file:line:column: severity: message
 * [CODE]}, as editors and CI logs expect. Codes: {@code COMPILE_ERROR}, {@code RESERVED_PACKAGE}, {@code FORBIDDEN_CALL},
 * {@code UNBOUNDED_LOOP} (errors) and {@code WRITE_CONFLICT} (a warning).
 */
public record RuleProblem(String file, int line, int column, Severity severity, String code, String message) {
    public static final String COMPILE_ERROR = "COMPILE_ERROR";
    public static final String RESERVED_PACKAGE = "RESERVED_PACKAGE";
    public static final String FORBIDDEN_CALL = "FORBIDDEN_CALL";
    public static final String UNBOUNDED_LOOP = "UNBOUNDED_LOOP";
    public static final String WRITE_CONFLICT = "WRITE_CONFLICT";

    /** A compile error. */
    public RuleProblem(String file, int line, int column, String message) {
        this(file, line, column, Severity.ERROR, COMPILE_ERROR, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + severity.label() + ": " + message + " [" + code + "]";
    }
}
