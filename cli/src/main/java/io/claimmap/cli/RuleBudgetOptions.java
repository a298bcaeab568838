package io.claimmap.cli;

import io.claimmap.engine.rules.EvaluationBudget;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --rule-max-firings} and {@code --rule-timeout}: the budget of each rule evaluation (validate and serve). */
public final class RuleBudgetOptions {
    @Option(names = "--rule-max-firings", paramLabel = "N", defaultValue = "" + EvaluationBudget.DEFAULT_MAX_FIRINGS,
            description = "Rule firings and inserted facts at most per evaluation; beyond, RULE_FAILED (default: ${DEFAULT-VALUE}).")
    int maxFirings;

    @Option(names = "--rule-timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Time at most per rule evaluation, as 500ms or 2s; beyond, RULE_FAILED (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    public EvaluationBudget budget() {
        try {
            return new EvaluationBudget(maxFirings, timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 2s or 1m");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
    }
}
