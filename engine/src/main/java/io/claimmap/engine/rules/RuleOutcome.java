package io.claimmap.engine.rules;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.RuleTrace;

import java.util.List;

/** What one rule evaluation produced: the mapping, the findings the rules raised and the trace of what fired. */
public record RuleOutcome(Mapping mapping, List<Finding> findings, List<RuleTrace> trace) {
    public RuleOutcome {
        findings = List.copyOf(findings);
        trace = List.copyOf(trace);
    }
}
