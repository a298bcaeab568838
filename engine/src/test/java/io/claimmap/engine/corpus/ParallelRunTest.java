package io.claimmap.engine.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelRunTest {
    @TempDir
    Path dir;

    private Path lines(int count) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("{\"n\":").append(i).append("}\n");
        }
        return Files.writeString(dir.resolve("n.jsonl"), text);
    }

    @Test
    void resultsComeInCorpusOrderWhateverTheThreads() throws Exception {
        Path file = lines(5000);
        for (int threads : new int[]{1, 2, 4}) {
            List<String> seen = new ArrayList<>();
            new ParallelRun<>(threads, CorpusEntry::source).run(new CorpusReader(b -> { }), List.of(file), seen::add);
            assertEquals(5000, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals("n.jsonl:" + (i + 1), seen.get(i));
            }
        }
    }

    @Test
    void theReaderIsHeldBackByASlowConsumer() throws Exception {
        Path file = lines(20_000);
        AtomicInteger evaluated = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        int[] maxAhead = {0};
        new ParallelRun<>(2, entry -> evaluated.incrementAndGet()).run(new CorpusReader(b -> { }), List.of(file), n -> {
            maxAhead[0] = Math.max(maxAhead[0], evaluated.get() - consumed.incrementAndGet());
        });
        // at most threads * 4 batches in flight, plus the batch the reader is filling
        assertTrue(maxAhead[0] <= 2 * 4 * ParallelRun.BATCH + ParallelRun.BATCH, "ahead by " + maxAhead[0]);
        assertEquals(20_000, consumed.get());
    }

    @Test
    void aFailingWorkerStopsTheRun() throws Exception {
        Path file = lines(3000);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> new ParallelRun<>(2, entry -> {
            if (entry.source().endsWith(":2000")) {
                throw new IllegalStateException("bad entry");
            }
            return entry;
        }).run(new CorpusReader(b -> { }), List.of(file), entry -> { }));
        assertEquals("bad entry", failure.getMessage());
    }

    @Test
    void anEmptyCorpusEndsAtOnce() throws Exception {
        List<Object> seen = new ArrayList<>();
        new ParallelRun<>(2, e -> e).run(new CorpusReader(b -> { }), List.of(dir), seen::add);
        assertEquals(List.of(), seen);
    }
}
