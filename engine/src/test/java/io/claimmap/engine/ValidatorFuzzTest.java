package io.claimmap.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The whole pipeline: any bytes give a {@link ValidationResult} (never an exception) whose JSON document can be
 * written. The examples' keys, contacts and a two-rule set. Seeds: ValidatorFuzzTestInputs/validate.
 */
class ValidatorFuzzTest {
    @FuzzTest
    @Timeout(30)
    void validate(byte[] input) {
        ValidationResult result = FuzzFixtures.validator().validate(input, null, FuzzFixtures.NOW, true);
        assertNotNull(result.verdict());
        assertNotNull(ResultJson.compact(result));
    }
}
