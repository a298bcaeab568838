package io.claimmap.cli;

import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.function.Supplier;

/** {@code --now}: the current time for reproducible runs; shared by every command that looks at a clock. */
public final class NowOption {
    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "ISO-8601 instant (or epoch seconds) used as the current time, for reproducible runs.")
    Instant now;

    /** {@code --now} if given, else the clock. */
    public Instant now() {
        return now == null ? Instant.now() : now;
    }

    public boolean fixed() {
        return now != null;
    }

    /** Fixed with {@code --now}, else the system clock. */
    public Supplier<Instant> clock() {
        if (now == null) {
            return Instant::now;
        }
        Instant fixed = now;
        return () -> fixed;
    }
}
