package io.claimmap.cli.audit;

import io.claimmap.engine.Purpose;
import io.claimmap.engine.corpus.CorpusEvaluator;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Severity;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.result.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one corpus entry came to, reduced to what audit and diff report: the line of {@code results.jsonl}, plus
 * what the report aggregates (purpose, the shape of {@code sub}, the rules that fired) and, for an entry that does
 * not pass, its warnings and errors with their remedies. {@code purpose} and {@code subShape} are null for an entry
 * that could not be read.
 */
public record Outcome(String source, Verdict verdict, String externalId, String agentName, String department,
                      List<String> codes, Purpose purpose, SubShape subShape, List<String> firedRules,
                      List<Finding> problems) {

    public static Outcome of(CorpusEvaluator.Evaluated evaluated) {
        ValidationResult result = evaluated.result();
        Set<String> codes = new LinkedHashSet<>();
        List<Finding> problems = new ArrayList<>();
        for (Finding finding : result.findings()) {
            codes.add(finding.code());
            if (finding.severity() != Severity.INFO) {
                problems.add(finding);
            }
        }
        return new Outcome(evaluated.source(), result.verdict(), result.mapping().externalId(),
                result.mapping().qm().agentName(), result.mapping().qm().department(), List.copyOf(codes),
                evaluated.purpose(),
                evaluated.purpose() == null ? null : SubShape.of(result.input().subject()), firedRules(result.trace()),
                List.copyOf(problems));
    }

    /** The same verdict, mapping and codes: what {@code diff} compares. */
    public boolean sameAs(Outcome other) {
        return verdict == other.verdict && java.util.Objects.equals(externalId, other.externalId)
                && java.util.Objects.equals(agentName, other.agentName)
                && java.util.Objects.equals(department, other.department)
                && new java.util.TreeSet<>(codes).equals(new java.util.TreeSet<>(other.codes));
    }

    /** The rules that fired, from the structured rule trace: the one place that reads it. */
    static List<String> firedRules(List<io.claimmap.engine.result.RuleTrace> trace) {
        List<String> fired = new ArrayList<>();
        for (io.claimmap.engine.result.RuleTrace entry : trace) {
            if (entry.status() == io.claimmap.engine.result.RuleTrace.Status.FIRED) {
                fired.add(entry.qualifiedName());
            }
        }
        return fired;
    }
}
