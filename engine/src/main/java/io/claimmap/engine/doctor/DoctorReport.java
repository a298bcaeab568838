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

        /** A failed check names its finding; the finding says what is wrong and how to fix it. */
        Builder problem(String name, Finding finding) {
            String detail = finding.code() + " (see findings)";
            checks.add(switch (finding.severity()) {
                case ERROR -> Check.fail(name, detail);
                case WARNING -> Check.warn(name, detail);
                case INFO -> Check.ok(name, detail);
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
