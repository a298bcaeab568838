package io.claimmap.cli;

import io.claimmap.engine.input.UntrustedText;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.InputSummary;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.PredictionText;
import io.claimmap.engine.result.ValidationResult;

import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;

import java.util.ArrayList;
import java.util.List;

/**
 * The human form of a result: the verdict first, then the mapping, then each finding with its remedy. Every value
 * that may come from the input goes through {@link #safe}, so a token cannot forge a line, move the cursor or reorder
 * the text; colour comes only from here, through picocli's {@link Ansi}.
 */
public final class TextReport {
    private static final int WIDTH = 100;
    private static final String INDENT = "           ";

    private final Ansi ansi;

    public TextReport(Ansi ansi) {
        this.ansi = ansi;
    }

    /** A value from unverified input, escaped for a terminal: the one escaping function of every text printer. */
    static String safe(String value) {
        return UntrustedText.escape(value);
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

        if (result.genesys() != null) {
            out.append('\n').append(bold("Genesys Cloud")).append('\n');
            if (result.genesys().contact() != null) {
                field(out, "looks up", "\"" + result.genesys().lookupValue() + "\" (the literal sub)");
                field(out, "contact", PredictionText.contact(result, "give --contacts or --genesys to predict it"));
            }
            if (result.genesys().user() != null) {
                field(out, "user", PredictionText.user(result.genesys().user()));
                if (result.genesys().user().found()) {
                    field(out, "name", orNone(result.genesys().user().name(), "none: QM shows \"Anonymous\""));
                    field(out, "department", orNone(result.genesys().user().department(), "none"));
                }
            }
        }

        out.append('\n');
        findings(out, result.findings());
        if (!result.trace().isEmpty()) {
            out.append('\n').append(bold("Trace")).append('\n');
            TraceText.render(out, result.trace(), "  ");
        }
        return out.toString();
    }

    private static String orNone(String value, String none) {
        return value == null ? "(" + none + ")" : value;
    }

    /** Each finding with its code, the rule that raised it, what is wrong and how to fix it. */
    void findings(StringBuilder out, List<Finding> findings) {
        out.append(bold("Findings")).append(findings.isEmpty() ? ": none" : " (" + findings.size() + ")").append('\n');
        for (Finding finding : findings) {
            out.append("  ").append(severity(finding)).append(' ').append(safe(finding.code()));
            if (!finding.rule().isEmpty()) {
                out.append(dim("  [" + safe(finding.rule()) + "]"));
            }
            out.append('\n');
            wrap(out, safe(finding.message()));
            if (!finding.remedy().isEmpty()) {
                wrap(out, "fix: " + safe(finding.remedy()));
            }
        }
    }

    String verdict(io.claimmap.engine.result.Verdict verdict) {
        return switch (verdict) {
            case PASS -> paint("PASS", Style.fg_green, Style.bold);
            case WARN -> paint("WARN", Style.fg_yellow, Style.bold);
            case FAIL -> paint("FAIL", Style.fg_red, Style.bold);
        };
    }

    private String severity(Finding finding) {
        String label = String.format("%-8s", finding.severity().label());
        return switch (finding.severity()) {
            case ERROR -> paint(label, Style.fg_red);
            case WARNING -> paint(label, Style.fg_yellow);
            case INFO -> paint(label, Style.fg_cyan);
        };
    }

    private static String describe(InputSummary input) {
        List<String> parts = new ArrayList<>();
        parts.add(safe(input.kind()));
        if (input.issuer() != null) {
            parts.add((saml(input) ? "Issuer " : "iss ") + safe(input.issuer()));
        }
        if (input.keyId() != null) {
            parts.add("kid " + safe(input.keyId()));
        }
        if (input.algorithm() != null) {
            parts.add(safe(input.algorithm()));
        }
        return String.join("  ", parts);
    }

    private static boolean saml(InputSummary input) {
        return "saml".equals(input.kind());
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("  %-11s %s%n", name, value == null ? "(none)" : safe(value)));
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
        return paint(text, Style.bold);
    }

    private String dim(String text) {
        return paint(text, Style.faint);
    }

    String paint(String text, Style... styles) {
        return ansi.enabled() ? Style.on(styles) + text + Style.reset.on() : text;
    }
}
