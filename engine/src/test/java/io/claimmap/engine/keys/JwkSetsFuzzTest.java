package io.claimmap.engine.keys;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Any text is a JWK Set (usable keys plus a sentence per unusable one) or {@link MalformedInputException}; every key
 * read can be described as {@code keys inspect} does. Seeds: JwkSetsFuzzTestInputs/parse.
 */
@ResourceLock(FuzzFixtures.JAZZER)
class JwkSetsFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @FuzzTest
    @Timeout(10)
    void parse(byte[] input) {
        JwkSets.Parsed parsed;
        try {
            parsed = JwkSets.parse(new String(input, StandardCharsets.UTF_8), "the JWK Set");
        } catch (MalformedInputException e) {
            assertNotNull(e.getMessage());
            return;
        }
        parsed.problems().forEach(problem -> assertNotNull(problem));
        for (JWK key : parsed.keys()) {
            assertNotNull(KeyDescription.of(key, "fuzz", NOW).label());
        }
    }
}
