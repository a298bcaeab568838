package io.claimmap.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline: any bytes give a {@link ValidationResult} (never an exception) whose JSON document can be
 * written. The examples' keys, contacts and a two-rule set. Seeds: ValidatorFuzzTestInputs/validate.
 */
@ResourceLock(FuzzFixtures.JAZZER)
class ValidatorFuzzTest {
    private static final Validator VALIDATOR = FuzzFixtures.validator();

    @FuzzTest
    @Timeout(30)
    void validate(byte[] input) {
        ValidationResult result = VALIDATOR.validate(new ValidationRequest(input, null, FuzzFixtures.NOW, true));
        assertNotNull(result.verdict());
        assertNotNull(ResultJson.compact(result));
    }

    /** Fuzzing starts deep only if the seeds verify: the examples' token and SAML response verify with the fixture. */
    @Test
    void theExamplesSeedsVerifyWithTheFuzzFixture() throws IOException {
        for (String seed : new String[]{"salesforce-token.jwt", "saml-response.xml", "saml-response.base64"}) {
            ValidationResult result = VALIDATOR.validate(new ValidationRequest(seed(seed), null, FuzzFixtures.NOW, false));
            assertTrue(result.findings().stream().noneMatch(f -> f.code().contains("SIGNATURE") || f.code().contains("KEY")
                    || f.code().equals("MALFORMED_INPUT")), () -> seed + ": " + result.findings());
            assertNotNull(result.mapping().externalId(), seed);
        }
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = ValidatorFuzzTest.class.getResourceAsStream("ValidatorFuzzTestInputs/validate/" + name)) {
            return in.readAllBytes();
        }
    }
}
