package io.claimmap.engine.saml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Any text is a SAML message of the expected shape or {@link MalformedInputException}; a parsed message then goes
 * through every SAML check (signature with the examples' certificate, time, issuer, audience) without an exception,
 * and claims are read only from an Assertion a signature covers. Seeds: SamlMessageFuzzTestInputs/parseAndCheck.
 */
@ResourceLock(FuzzFixtures.JAZZER)
class SamlMessageFuzzTest {
    private static final SamlChecks CHECKS = new SamlChecks(FuzzFixtures.exampleKeys(),
            List.of("http://www.okta.com/exk1a2b3c4d5e6f7g8h9"), List.of("https://login.mypurecloud.com/saml"),
            Duration.ofSeconds(60));

    @FuzzTest
    @Timeout(10)
    void parseAndCheck(byte[] input) {
        SamlMessage message;
        try {
            message = SamlMessage.parse(new String(input, StandardCharsets.UTF_8));
        } catch (MalformedInputException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(message.assertion());
        SamlChecks.Outcome outcome = CHECKS.check(message, FuzzFixtures.NOW);
        outcome.findings().forEach(finding -> assertNotNull(finding.code()));
        if (outcome.assertion() != null) {
            outcome.assertion().claimFacts().forEach(claim -> assertNotNull(claim));
        }
    }
}
