package io.claimmap.engine.facts;

import io.claimmap.engine.result.FindingCode;
import io.claimmap.engine.result.RuleTrace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one rule evaluation shared by the globals: which rule is firing (so findings and mapping writes are
 * attributed to it without the rule author saying so), its salience (so conflicting writes are noticed) and the
 * trace of what fired. Rules run on a thread of their own: every method is synchronized, and once the evaluation is
 * {@linkplain #abandon abandoned} (over its budget) nothing more is recorded and every call of a global fails, so a
 * runaway rule that still calls them stops there.
 */
public final class Evaluation {
    /** Two rules of equal salience wrote different values to one mapping field. */
    public record Conflict(String field, String firstRule, String firstValue, String winningRule, String winningValue) {
    }

    /** Thrown into rule code that runs on after its evaluation was abandoned. */
    public static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the evaluation was stopped", null, false, false);
        }
    }

    /**
     * Firings, mapping writes and findings recorded at most: a rule writing in a loop must not fill the memory before
     * its time budget ends.
     */
    public static final int MAX_TRACE = 20_000;

    private final List<RuleTrace> trace = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private String currentRule = "";
    private int currentSalience;
    private Firing firing;
    private int recorded;
    private boolean abandoned;
    private String stopReason;

    /** A firing being recorded: what it matched, wrote and raised. */
    private record Firing(String rule, String pack, List<String> matched, Map<String, String> writes,
                          List<String> raised) {
    }

    public synchronized void ruleFiring(String pack, String rule, List<String> matched) {
        ruleFiring(pack, rule, 0, matched);
    }

    public synchronized void ruleFiring(String pack, String rule, int salience, List<String> matched) {
        ruleFiring(pack, rule, pack + " » " + rule, salience, matched);
    }

    /** @param qualifiedName {@code pack » rule}, made once per rule by the caller */
    public synchronized void ruleFiring(String pack, String rule, String qualifiedName, int salience, List<String> matched) {
        check();
        finish(null);
        record();
        currentRule = qualifiedName;
        currentSalience = salience;
        firing = new Firing(rule, pack, matched, new LinkedHashMap<>(), new ArrayList<>());
    }

    public synchronized void ruleDone() {
        if (!abandoned) { // an abandoned evaluation keeps naming the rule that was running
            finish(null);
            currentRule = "";
        }
    }

    public synchronized String currentRule() {
        return currentRule;
    }

    synchronized int currentSalience() {
        return currentSalience;
    }

    synchronized void wrote(String field, String value) {
        check();
        record();
        if (firing != null) {
            firing.writes().put(field, value);
        }
    }

    synchronized void raised(String code) {
        check();
        record();
        if (firing != null) {
            firing.raised().add(code);
        }
    }

    /** Two rules of equal salience wrote one field: a MAPPING_CONFLICT the writing (winning) firing raised. */
    synchronized void conflict(Conflict conflict) {
        conflicts.add(conflict);
        if (firing != null) {
            firing.raised().add(FindingCode.MAPPING_CONFLICT.name());
        }
    }

    public synchronized List<Conflict> conflicts() {
        return List.copyOf(conflicts);
    }

    /**
     * Stops recording: from now on the trace and findings stay as they are and rule code calling a global fails.
     * The trace entry of the firing that was running (or, between firings, of the last one) says where the
     * evaluation stopped and why.
     */
    public synchronized void abandon(String why) {
        if (abandoned) {
            return;
        }
        abandoned = true;
        stopReason = why;
        if (firing != null) {
            finish(why);
        } else if (!trace.isEmpty()) {
            trace.set(trace.size() - 1, trace.get(trace.size() - 1).withStopped(why));
        }
    }

    /** Why the evaluation was abandoned, or null. */
    public synchronized String stopReason() {
        return stopReason;
    }

    public synchronized boolean abandoned() {
        return abandoned;
    }

    /** Fails when the evaluation was abandoned: called by every global's method. */
    public synchronized void check() {
        if (abandoned) {
            throw new Abandoned();
        }
    }

    /** The rules that fired, in order; a firing cut short by a failure is included, marked where it stopped. */
    public synchronized List<RuleTrace> trace() {
        if (!abandoned) {
            finish(null);
        }
        return List.copyOf(trace);
    }

    private void record() {
        if (++recorded > MAX_TRACE) {
            abandon("the rules wrote more than " + MAX_TRACE + " mapping fields, findings and firings");
            check();
        }
    }

    private void finish(String stopped) {
        if (firing != null) {
            RuleTrace entry = RuleTrace.fired(firing.rule(), firing.pack(), firing.matched(), firing.writes(), firing.raised());
            trace.add(stopped == null ? entry : entry.withStopped(stopped));
            firing = null;
        }
    }
}
