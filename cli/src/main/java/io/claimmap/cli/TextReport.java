package io.claimmap.cli;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.InputSummary;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.ValidationResult;

import java.util.ArrayList;
import java.util.List;

/** The human form of a result: the verdict first, then the mapping, then each finding with its remedy. */
public final class TextReport {
    private static final int WIDTH = 100;
    private static final String INDENT = "           ";

    private final boolean colour;

    public TextReport(boolean colour) {
        this.colour = colour;
    }

    public String render(ValidationResult result) {
        StringBuilder out = new StringBuilder();
        out.append(verdict(result.verdict())).append("  ").append(describe(result.input())).append("\n\n");

        Mapping mapping = result.mapping();
        out.append(bold("Mapping")).append('\n');
        field(out, "externalId", mapping.externalId());
        field(out, saml(result.input()) ? "NameID" : "sub", result.input().subject());
        boolean qm = mapping.qm().agentName() != null || mapping.qm().department() != null
                || result.findings().stream().anyMatch(f -> f.code().startsWith("QM_"));
        if (qm) {
            field(out, "agentName", mapping.qm().agentName());
            field(out, "department", mapping.qm().department());
        }

        out.append('\n');
        findings(out, result.findings());
        if (!result.trace().isEmpty()) {
            out.append('\n').append(bold("Trace")).append('\n');
            TraceText.render(out, result.trace(), "  ");
        }
        return out.toString();
    }

    /** Each finding with its code, the rule that raised it, what is wrong and how to fix it. */
    void findings(StringBuilder out, List<Finding> findings) {
        out.append(bold("Findings")).append(findings.isEmpty() ? ": none" : " (" + findings.size() + ")").append('\n');
        for (Finding finding : findings) {
            out.append("  ").append(severity(finding)).append(' ').append(finding.code());
            if (!finding.rule().isEmpty()) {
                out.append(dim("  [" + finding.rule() + "]"));
            }
            out.append('\n');
            wrap(out, finding.message());
            if (!finding.remedy().isEmpty()) {
                wrap(out, "fix: " + finding.remedy());
            }
        }
    }

    String verdict(io.claimmap.engine.result.Verdict verdict) {
        return switch (verdict) {
            case PASS -> paint("32;1", "PASS");
            case WARN -> paint("33;1", "WARN");
            case FAIL -> paint("31;1", "FAIL");
        };
    }

    private String severity(Finding finding) {
        String label = String.format("%-8s", finding.severity().label());
        return switch (finding.severity()) {
            case ERROR -> paint("31", label);
            case WARNING -> paint("33", label);
            case INFO -> paint("36", label);
        };
    }

    private static String describe(InputSummary input) {
        List<String> parts = new ArrayList<>();
        parts.add(input.kind());
        if (input.issuer() != null) {
            parts.add((saml(input) ? "Issuer " : "iss ") + input.issuer());
        }
        if (input.keyId() != null) {
            parts.add("kid " + input.keyId());
        }
        if (input.algorithm() != null) {
            parts.add(input.algorithm());
        }
        return String.join("  ", parts);
    }

    private static boolean saml(InputSummary input) {
        return "saml".equals(input.kind());
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("  %-11s %s%n", name, value == null ? "(none)" : value));
    }

    static void wrap(StringBuilder out, String text) {
        wrap(out, text, INDENT, INDENT);
    }

    /** Words of {@code text} in lines of at most WIDTH: the first line after {@code first}, the others after {@code next}. */
    static void wrap(StringBuilder out, String text, String first, String next) {
        StringBuilder line = new StringBuilder(first);
        int start = first.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(next);
                start = next.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }

    String bold(String text) {
        return paint("1", text);
    }

    private String dim(String text) {
        return paint("2", text);
    }

    String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
