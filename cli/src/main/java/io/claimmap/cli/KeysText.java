package io.claimmap.cli;

import io.claimmap.engine.doctor.Check;
import io.claimmap.engine.doctor.DoctorReport;
import io.claimmap.engine.keys.KeyDescription;
import io.claimmap.engine.keys.KeyInspection;
import io.claimmap.engine.keys.KeySetDiff;

import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;

import java.util.List;

import static io.claimmap.cli.TextReport.safe;

/** The human form of keys inspect, keys diff and doctor; every value from a key source is escaped ({@link TextReport#safe}). */
final class KeysText {
    private final TextReport text;

    KeysText(Ansi ansi) {
        this.text = new TextReport(ansi);
    }

    String inspection(KeyInspection inspection) {
        StringBuilder out = new StringBuilder();
        out.append(text.bold(inspection.keys().size() + (inspection.keys().size() == 1 ? " key" : " keys"))).append("\n\n");
        for (KeyDescription key : inspection.keys()) {
            key(out, key);
        }
        text.findings(out, inspection.findings());
        return out.toString();
    }

    String diff(KeySetDiff diff) {
        StringBuilder out = new StringBuilder();
        section(out, "Added (in NEW only)", diff.added());
        section(out, "Removed (in OLD only)", diff.removed());
        section(out, "Kept", diff.kept());
        out.append(text.bold("What it means")).append('\n');
        for (String consequence : diff.consequences()) {
            TextReport.wrap(out, safe(consequence), "  - ", "    ");
        }
        return out.toString();
    }

    String doctor(DoctorReport report) {
        StringBuilder out = new StringBuilder();
        out.append(text.verdict(report.verdict())).append("\n\n").append(text.bold("Checks")).append('\n');
        for (Check check : report.checks()) {
            String mark = switch (check.status()) {
                case OK -> text.paint("ok  ", Style.fg_green);
                case WARN -> text.paint("warn", Style.fg_yellow);
                case FAIL -> text.paint("FAIL", Style.fg_red);
            };
            TextReport.wrap(out, safe(check.name() + ": " + check.detail()), "  " + mark + "  ", "        ");
        }
        out.append('\n');
        text.findings(out, report.findings());
        return out.toString();
    }

    private void section(StringBuilder out, String title, List<KeyDescription> keys) {
        out.append(text.bold(title)).append(keys.isEmpty() ? ": none" : "").append('\n');
        if (!keys.isEmpty()) {
            out.append('\n');
        }
        keys.forEach(key -> key(out, key));
        if (keys.isEmpty()) {
            out.append('\n');
        }
    }

    private static void key(StringBuilder out, KeyDescription key) {
        out.append("  ").append(safe(key.label())).append("  ").append(safe(key.type())).append(' ').append(safe(key.size()));
        if (key.algorithm() != null) {
            out.append("  ").append(safe(key.algorithm()));
        }
        if (key.use() != null) {
            out.append("  use ").append(safe(key.use()));
        }
        out.append('\n');
        out.append("    source       ").append(safe(key.source())).append('\n');
        out.append("    thumbprint   ").append(key.thumbprint()).append(" (RFC 7638, SHA-256)\n");
        if (key.certificate() != null) {
            out.append("    certificate  ").append(safe(key.certificate().summary())).append('\n');
            out.append("    SHA-256      ").append(key.certificate().sha256Fingerprint()).append('\n');
        }
        out.append('\n');
    }
}
