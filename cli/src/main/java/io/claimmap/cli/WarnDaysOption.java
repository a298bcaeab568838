package io.claimmap.cli;

import io.claimmap.engine.keys.CertificateExpiry;
import picocli.CommandLine.Option;

/** {@code --warn-days}: how far ahead a certificate's end counts as soon. */
public final class WarnDaysOption {
    @Option(names = "--warn-days", paramLabel = "DAYS", defaultValue = "" + CertificateExpiry.DEFAULT_WARN_DAYS,
            description = "Warn about certificates that expire within DAYS (default: ${DEFAULT-VALUE}).")
    int warnDays;

    public int days() {
        if (warnDays < 0) {
            throw new UsageException("--warn-days must be zero or more, not " + warnDays);
        }
        return warnDays;
    }
}
