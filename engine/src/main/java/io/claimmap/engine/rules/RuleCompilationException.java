package io.claimmap.engine.rules;

import java.util.List;

/** Rules that do not compile; each problem prints as {@code file:line:col: message}, as editors and CI logs expect. */
public final class RuleCompilationException extends Exception {
    private final List<RuleProblem> problems;

    public RuleCompilationException(List<RuleProblem> problems) {
        super(String.join("\n", problems.stream().map(RuleProblem::toString).toList()), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
