package io.claimmap.cli.audit;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    @Test
    void showsEntriesRateAndTimeLeftFromTheBytesRead() {
        AtomicLong clock = new AtomicLong();
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), clock::get, 1000);
        progress.read(250);
        for (int i = 0; i < 128; i++) {
            progress.entry();
        }
        assertEquals("", err.toString(), "nothing drawn before the first interval");
        clock.set(2_000_000_000L);
        for (int i = 0; i < 64; i++) {
            progress.entry();
        }
        assertTrue(err.toString().contains("[######..................]  25%  192 entries  96/s  ETA 0:06"), err.toString());
        progress.finish();
        assertTrue(err.toString().endsWith("\r\033[K"), "the line is cleared at the end");
    }

    @Test
    void noneDrawsNothing() {
        Progress progress = Progress.none();
        for (int i = 0; i < 1000; i++) {
            progress.entry();
        }
        progress.finish();
    }
}
