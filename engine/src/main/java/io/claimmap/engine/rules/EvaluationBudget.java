package io.claimmap.engine.rules;

import java.time.Duration;

/**
 * What one rule evaluation may spend: rule firings (facts inserted count as firings too) and wall-clock time. An
 * evaluation over either budget stops and becomes a {@code RULE_FAILED} finding naming the rule that was running.
 *
 * @param maxFirings rule firings and fact insertions at most, per evaluation
 * @param timeout    wall-clock time at most, per evaluation
 */
public record EvaluationBudget(int maxFirings, Duration timeout) {
    /** Ten thousand firings: the built-in packs fire fewer than ten per token, a large policy a few hundred. */
    public static final int DEFAULT_MAX_FIRINGS = 10_000;
    /** Two seconds: a cold first evaluation takes tens of milliseconds, a warm one microseconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** A minute: a budget is a guard against runaway rules, not a scheduler. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    public static final EvaluationBudget DEFAULT = new EvaluationBudget(DEFAULT_MAX_FIRINGS, DEFAULT_TIMEOUT);

    public EvaluationBudget {
        if (maxFirings < 1) {
            throw new IllegalArgumentException("the rule firing budget must be at least 1, not " + maxFirings);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the rule timeout must be over 0 and at most " + MAX_TIMEOUT.toSeconds()
                    + " seconds, not " + timeout.toMillis() + " ms");
        }
    }
}
