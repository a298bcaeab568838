package io.claimmap.cli;

import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** {@code --now}: the current time for reproducible runs; shared by every command that looks at a clock. */
public final class NowOption {
    @Option(names = "--now", paramLabel = "INSTANT", description = "ISO-8601 instant used as the current time, for reproducible runs.")
    String now;

    /** {@code --now} if given, else the clock. */
    public Instant now() {
        if (now == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(now);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(now).toInstant();
            } catch (DateTimeParseException again) {
                throw new UsageException("--now: '" + now + "' is not an ISO-8601 instant (for example 2026-11-21T12:00:00Z)");
            }
        }
    }

    /** Fixed with {@code --now}, else the system clock. */
    public Supplier<Instant> clock() {
        if (now == null) {
            return Instant::now;
        }
        Instant fixed = now();
        return () -> fixed;
    }
}
