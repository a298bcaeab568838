package io.claimmap.engine.rules;

import java.util.List;

/** Rules that do not compile; each problem is {@code file:line:col: message}, as editors and CI logs expect. */
public final class RuleCompilationException extends Exception {
    private final List<String> problems;

    public RuleCompilationException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
