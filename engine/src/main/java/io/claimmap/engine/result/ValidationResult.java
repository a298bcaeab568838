package io.claimmap.engine.result;

import java.util.List;

/**
 * The whole answer for one input; the CLI's JSON output and the REST body are this record, serialized.
 *
 * @param genesys what Genesys Cloud is predicted to do (purpose messaging), or null
 */
public record ValidationResult(Verdict verdict, InputSummary input, Mapping mapping, GenesysPrediction genesys,
                               List<Finding> findings, List<RuleTrace> trace) {
    public ValidationResult {
        findings = List.copyOf(findings);
        trace = List.copyOf(trace);
    }

    public static ValidationResult of(InputSummary input, Mapping mapping, List<Finding> findings, List<RuleTrace> trace) {
        return of(input, mapping, null, findings, trace);
    }

    public static ValidationResult of(InputSummary input, Mapping mapping, GenesysPrediction genesys,
                                      List<Finding> findings, List<RuleTrace> trace) {
        return new ValidationResult(Verdict.of(findings), input, mapping, genesys, findings, trace);
    }

    public boolean hasFinding(String code) {
        return findings.stream().anyMatch(f -> f.code().equals(code));
    }

    /** Whether an error says the input's signature was not verified (see {@link #unverified(List)}). */
    public boolean unverified() {
        return unverified(findings);
    }

    /**
     * Whether one of {@code findings} is an error saying the input's signature was not verified: its claims are
     * anybody's words, so nothing is looked up for them. An {@code --unverified} preview is a warning, not one.
     */
    public static boolean unverified(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR && FindingCode.UNVERIFIED.contains(f.code()));
    }
}
