package io.claimmap.engine.input;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes given as INPUT are detected as a JWT or a SAML message, or refused with {@link MalformedInputException};
 * nothing else escapes. Seeds: InputDetectorFuzzTestInputs/detect (replayed by every build; fuzz with bench/fuzz.sh).
 */
@ResourceLock(FuzzFixtures.JAZZER)
class InputDetectorFuzzTest {
    @FuzzTest
    @Timeout(10)
    void detect(byte[] input) {
        DetectedInput detected;
        try {
            detected = InputDetector.detect(input);
        } catch (MalformedInputException e) {
            assertNotNull(e.getMessage());
            return;
        }
        if (detected instanceof DetectedInput.Jwt jwt) {
            assertFalse(jwt.compact().isEmpty());
        } else {
            String xml = ((DetectedInput.Saml) detected).xml();
            assertTrue(xml.startsWith("<"));
            assertTrue(xml.length() <= InputLimits.MAX_SAML_CHARS);
        }
    }
}
