package io.claimmap.engine.input;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Any text is a well-formed compact JWS or {@link MalformedInputException}; a parsed one has a string {@code alg},
 * no {@code enc}, and its signing input is its first two segments. Seeds: CompactJwsParserFuzzTestInputs/parse.
 */
@ResourceLock(FuzzFixtures.JAZZER)
class CompactJwsParserFuzzTest {
    @FuzzTest
    @Timeout(10)
    void parse(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        CompactJws jws;
        try {
            jws = CompactJwsParser.parse(token);
        } catch (MalformedInputException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertFalse(jws.algorithm().isEmpty());
        assertFalse(jws.header().containsKey("enc"));
        assertEquals(jws.headerSegment() + "." + jws.payloadSegment() + "." + jws.signatureSegment(), token);
        assertNotNull(jws.signature().decode());
        assertNotNull(jws.claims());
    }
}
