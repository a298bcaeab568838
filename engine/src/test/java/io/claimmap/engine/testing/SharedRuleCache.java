package io.claimmap.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's compiled-rule cache for tests that compile rules but do not test the cache itself: the folder surefire
 * names in the {@code claimmap.cache.dir} system property (the root's {@code target/rule-cache}, one for all modules),
 * else one temporary folder per JVM. Entries are keyed by the hash of the rule text, so tests compiling the same text
 * share one compilation (across test methods, classes and modules, and across builds until {@code clean}).
 */
public final class SharedRuleCache {
    private static Path dir;

    private SharedRuleCache() {
    }

    public static synchronized Path dir() {
        if (dir == null) {
            String configured = System.getProperty("claimmap.cache.dir");
            try {
                dir = configured != null && !configured.isBlank() ? Path.of(configured)
                        : Files.createTempDirectory("claimmap-rules");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
