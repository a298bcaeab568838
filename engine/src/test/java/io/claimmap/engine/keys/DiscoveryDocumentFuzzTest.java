package io.claimmap.engine.keys;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any text is an OIDC discovery document with an issuer and a fetchable jwks_uri (https, or http on loopback), or
 * {@link MalformedInputException} / {@link KeyConfigException}. Nothing is fetched. Seeds: DiscoveryDocumentFuzzTestInputs/read.
 */
@ResourceLock(FuzzFixtures.JAZZER)
class DiscoveryDocumentFuzzTest {
    @FuzzTest
    @Timeout(10)
    void read(byte[] input) {
        DiscoverySource.Document document;
        try {
            document = DiscoverySource.read(new String(input, StandardCharsets.UTF_8));
        } catch (MalformedInputException | KeyConfigException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(document.issuer());
        String protocol = document.jwksUri().getProtocol();
        assertTrue(protocol.equals("https") || protocol.equals("http"), protocol);
    }
}
