package io.claimmap.engine.facts;

import java.util.ArrayList;
import java.util.List;

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

    /** Trace entries at most: a rule writing in a loop must not fill the memory before its time budget ends. */
    public static final int MAX_TRACE = 20_000;

    private final List<String> trace = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private String currentRule = "";
    private int currentSalience;
    private boolean abandoned;
    private String stopReason;

    public synchronized void ruleFiring(String rule, String matched) {
        ruleFiring(rule, 0, matched);
    }

    public synchronized void ruleFiring(String rule, int salience, String matched) {
        check();
        currentRule = rule;
        currentSalience = salience;
        trace.add(rule + ": matched " + matched);
    }

    public synchronized void ruleDone() {
        if (!abandoned) {
            currentRule = "";
        }
    }

    public synchronized String currentRule() {
        return currentRule;
    }

    synchronized int currentSalience() {
        return currentSalience;
    }

    /** Notes a line in the trace under the firing rule. */
    public synchronized void note(String entry) {
        check();
        if (trace.size() >= MAX_TRACE) {
            abandon("the rules wrote more than " + MAX_TRACE + " mapping fields, findings and firings");
            check();
        }
        trace.add("  " + entry);
    }

    synchronized void conflict(Conflict conflict) {
        conflicts.add(conflict);
        trace.add("  ! MAPPING_CONFLICT " + conflict.field() + ": \"" + conflict.firstRule() + "\" wrote "
                + quoted(conflict.firstValue()) + ", this rule (same salience) wrote " + quoted(conflict.winningValue())
                + ", which wins");
    }

    public synchronized List<Conflict> conflicts() {
        return List.copyOf(conflicts);
    }

    /**
     * Stops recording: from now on the trace and findings stay as they are and rule code calling a global fails.
     * Marks in the trace where the evaluation stopped and why.
     */
    public synchronized void abandon(String why) {
        if (!abandoned) {
            trace.add("  ! stopped here: " + why);
            abandoned = true;
            stopReason = why;
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

    public synchronized List<String> trace() {
        return List.copyOf(trace);
    }

    static String quoted(String value) {
        return value == null ? "null" : '"' + value + '"';
    }
}
