package io.claimmap.cli;

import io.claimmap.engine.rules.EvaluationBudget;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code --rule-max-firings} and {@code --rule-timeout}: the budget of each rule evaluation, a picocli mixin of every
 * command that runs rules (validate, serve, eval, test), fed to {@link io.claimmap.engine.ValidationSettings}.
 */
public final class RuleBudgetOptions {
    @Option(names = "--rule-max-firings", paramLabel = "N", defaultValue = "" + EvaluationBudget.DEFAULT_MAX_FIRINGS,
            description = "Rule firings and inserted facts at most per evaluation; beyond, RULE_FAILED (default: ${DEFAULT-VALUE}).")
    int maxFirings;

    @Option(names = "--rule-timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time at most per rule evaluation, as 500ms or 2s; beyond, RULE_FAILED (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The budget, or a usage error (exit 2) naming what is wrong with it. */
    public EvaluationBudget budget() {
        try {
            return new EvaluationBudget(maxFirings, timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
