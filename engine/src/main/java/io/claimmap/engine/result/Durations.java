package io.claimmap.engine.result;

import java.time.Duration;
import java.time.Instant;

/** Durations as findings say them: seconds, minutes, hours or days, whichever reads best. */
public final class Durations {
    private Durations() {
    }

    public static String between(Instant earlier, Instant later) {
        long seconds = Duration.between(earlier, later).getSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172800) {
            return seconds / 3600 + " h";
        }
        return seconds / 86400 + " days";
    }
}
