package io.claimmap.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing to validate, as every front end (CLI, HTTP, tests, corpora) hands it to {@link Validator#validate}.
 *
 * @param input   the token, token response or SAML message, exactly as received
 * @param purpose null for the default of the input's kind (messaging for JWT, agent for SAML)
 * @param now     the time to check against
 * @param explain whether to include the rule trace
 */
public record ValidationRequest(byte[] input, Purpose purpose, Instant now, boolean explain) {
    public ValidationRequest {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(now, "now");
    }

    public static ValidationRequest of(String input, Purpose purpose, Instant now, boolean explain) {
        return new ValidationRequest(input.getBytes(StandardCharsets.UTF_8), purpose, now, explain);
    }

    public static ValidationRequest of(String input, Instant now) {
        return of(input, null, now, false);
    }
}
