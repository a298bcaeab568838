package io.claimmap.engine.doctor;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Verdict;

import java.util.ArrayList;
import java.util.List;

/** What {@code claimmap doctor} found: each check in order, the problems as findings, and the verdict. */
public record DoctorReport(Verdict verdict, List<Check> checks, List<Finding> findings) {
    public DoctorReport {
        checks = List.copyOf(checks);
        findings = List.copyOf(findings);
    }

    /** Collects checks and findings while a doctor runs. */
    static final class Builder {
        final List<Check> checks = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();

        Builder pass(String name, String detail) {
            checks.add(Check.ok(name, detail));
            return this;
        }

        Builder problem(String name, Finding finding) {
            checks.add(switch (finding.severity()) {
                case ERROR -> Check.fail(name, finding.message());
                case WARNING -> Check.warn(name, finding.message());
                case INFO -> Check.ok(name, finding.message());
            });
            findings.add(finding);
            return this;
        }

        Builder merge(DoctorReport other) {
            checks.addAll(other.checks());
            findings.addAll(other.findings());
            return this;
        }

        DoctorReport build() {
            return new DoctorReport(Verdict.of(findings), checks, findings);
        }
    }

    public static DoctorReport combine(List<DoctorReport> reports) {
        Builder builder = new Builder();
        reports.forEach(builder::merge);
        return builder.build();
    }
}
