package io.claimmap.engine.keys;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Any text is SAML IdP metadata naming at least one signing certificate, or {@link KeyConfigException}; every key read
 * keeps its certificate and can be described as {@code keys inspect} does. Seeds: SamlMetadataFuzzTestInputs/signingKeys.
 */
@ResourceLock(FuzzFixtures.JAZZER)
class SamlMetadataFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @FuzzTest
    @Timeout(10)
    void signingKeys(byte[] input) {
        List<JWK> keys;
        try {
            keys = SamlMetadata.signingKeys(new String(input, StandardCharsets.UTF_8), "the metadata");
        } catch (KeyConfigException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertFalse(keys.isEmpty());
        for (JWK key : keys) {
            assertNotNull(KeyDescription.of(key, "fuzz", NOW).certificate());
        }
    }
}
