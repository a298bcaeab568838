package io.claimmap.engine.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of one rule evaluation shared by the globals: which rule is firing (so findings and mapping writes are
 * attributed to it without the rule author saying so) and the trace of what fired.
 */
public final class Evaluation {
    private final List<String> trace = new ArrayList<>();
    private String currentRule = "";

    public void ruleFiring(String rule, String matched) {
        currentRule = rule;
        trace.add(rule + ": matched " + matched);
    }

    public void ruleDone() {
        currentRule = "";
    }

    public String currentRule() {
        return currentRule;
    }

    void note(String entry) {
        trace.add("  " + entry);
    }

    public List<String> trace() {
        return List.copyOf(trace);
    }
}
