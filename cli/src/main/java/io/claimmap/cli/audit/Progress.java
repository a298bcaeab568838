package io.claimmap.cli.audit;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The progress line of a long run on stderr: entries done, their rate and the time left (estimated from the bytes
 * read of the corpus' total size). Redrawn at most every {@link #INTERVAL_NANOS}; silent when stderr is not a
 * terminal, so logs and pipes stay clean.
 */
public final class Progress {
    static final long INTERVAL_NANOS = 200_000_000L;
    private static final int BAR = 24;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long totalBytes;
    private final AtomicLong bytesRead = new AtomicLong();
    private final long start;
    private long entries;
    private long lastDraw;
    private boolean drawn;

    public Progress(PrintWriter err, LongSupplier nanoTime, long totalBytes) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.totalBytes = totalBytes;
        this.start = nanoTime.getAsLong();
        this.lastDraw = start;
    }

    /** A progress line that never draws. */
    public static Progress none() {
        return new Progress(null, () -> 0, 0);
    }

    /** Called by the reader thread as it reads. */
    public void read(long bytes) {
        bytesRead.addAndGet(bytes);
    }

    /** Called for every entry done, on the consuming thread. */
    public void entry() {
        entries++;
        if (err == null || (entries & 63) != 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastDraw >= INTERVAL_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Removes the line. */
    public void finish() {
        if (err != null && drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = entries / seconds;
        double fraction = totalBytes <= 0 ? 0 : Math.min(1, bytesRead.get() / (double) totalBytes);
        int filled = (int) Math.round(fraction * BAR);
        String eta = fraction <= 0 ? "--:--" : clock(seconds * (1 - fraction) / fraction);
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d entries  %,.0f/s  ETA %s", "#".repeat(filled),
                ".".repeat(BAR - filled), Math.round(fraction * 100), entries, rate, eta);
    }

    private void draw(long now) {
        err.print("\r" + line(now) + "\033[K");
        err.flush();
        drawn = true;
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Whether stderr is a terminal: on Linux, where file descriptor 2 points; elsewhere, whether there is a console. */
    public static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
