package io.claimmap.engine.facts;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.FindingCode;
import io.claimmap.engine.result.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * Findings raised by rules, global {@code findings}: {@code findings.warning("ACME_EMAIL_UNVERIFIED", "...", "...");}.
 * The firing rule is recorded as the finding's {@code rule}. A code of claimmap's own keeps its contract severity;
 * the contact findings ({@code SUB_IS_URL}, {@code EXTERNAL_CONTACT_*}) are the Genesys prediction's alone and are
 * dropped when a rule raises them.
 */
public final class Findings {
    private final Evaluation evaluation;
    private final List<Finding> raised = new ArrayList<>();

    public Findings(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    public void error(String code, String message, String remedy) {
        add(code, Severity.ERROR, message, remedy);
    }

    public void warning(String code, String message, String remedy) {
        add(code, Severity.WARNING, message, remedy);
    }

    public void info(String code, String message, String remedy) {
        add(code, Severity.INFO, message, remedy);
    }

    public boolean has(String code) {
        synchronized (evaluation) {
            evaluation.check();
            return raised.stream().anyMatch(f -> f.code().equals(code));
        }
    }

    public List<Finding> raised() {
        synchronized (evaluation) {
            return List.copyOf(raised);
        }
    }

    private void add(String code, Severity requested, String message, String remedy) {
        // claimmap's own codes keep their contract severity: a rule cannot downgrade TOKEN_EXPIRED to info.
        Severity severity = FindingCode.severityOf(code).orElse(requested);
        synchronized (evaluation) {
            evaluation.check();
            evaluation.raised(code);
            raised.add(new Finding(code, severity, message, remedy, evaluation.currentRule()));
        }
    }
}
