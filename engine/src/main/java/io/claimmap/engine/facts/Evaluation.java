package io.claimmap.engine.facts;

import io.claimmap.engine.result.RuleTrace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one rule evaluation shared by the globals: which rule is firing (so findings and mapping writes are
 * attributed to it without the rule author saying so) and the trace of what fired.
 */
public final class Evaluation {
    private final List<RuleTrace> trace = new ArrayList<>();
    private String currentRule = "";
    private Firing firing;

    /** A firing being recorded: what it matched, wrote and raised. */
    private record Firing(String rule, String pack, List<String> matched, Map<String, String> writes,
                          List<String> raised) {
    }

    public void ruleFiring(String pack, String rule, List<String> matched) {
        finish();
        currentRule = pack + " » " + rule;
        firing = new Firing(rule, pack, matched, new LinkedHashMap<>(), new ArrayList<>());
    }

    public void ruleDone() {
        finish();
        currentRule = "";
    }

    public String currentRule() {
        return currentRule;
    }

    void wrote(String field, String value) {
        if (firing != null) {
            firing.writes().put(field, value);
        }
    }

    void raised(String code) {
        if (firing != null) {
            firing.raised().add(code);
        }
    }

    /** The rules that fired, in order; a firing cut short by a failure is included. */
    public List<RuleTrace> trace() {
        finish();
        return List.copyOf(trace);
    }

    private void finish() {
        if (firing != null) {
            trace.add(RuleTrace.fired(firing.rule(), firing.pack(), firing.matched(), firing.writes(), firing.raised()));
            firing = null;
        }
    }
}
