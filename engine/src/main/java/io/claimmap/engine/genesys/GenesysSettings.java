package io.claimmap.engine.genesys;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Genesys Cloud org: {@code --genesys REGION|URL}, the OAuth client's id and secret, and the bounds
 * every call keeps. {@link #toString()} never shows the secret; only {@link #clientSecret()} gives it, to the
 * implementation that makes the token request.
 *
 * @param target         a region ({@code mypurecloud.ie}, {@code eu-west-1}, {@code eu_west_1}) or a base URL serving
 *                       both {@code /oauth/token} and {@code /api/v2}
 * @param connectTimeout bound on opening a connection
 * @param readTimeout    bound on waiting for an answer
 * @param maxRetryAfter  the longest {@code Retry-After} (429, 503) that is waited for before one retry; a longer one
 *                       is cut to this bound
 * @param maxRetries     retries of a 429 or 502/503/504 before the look-up is unavailable
 */
public record GenesysSettings(String target, String clientId, Secret secret, Duration connectTimeout,
                              Duration readTimeout, Duration maxRetryAfter, int maxRetries) {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);
    public static final int MAX_RETRIES = 2;

    public GenesysSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(secret, "secret");
    }

    public static GenesysSettings of(String target, String clientId, String clientSecret) {
        return new GenesysSettings(target, clientId, new Secret(clientSecret), CONNECT_TIMEOUT, READ_TIMEOUT,
                MAX_RETRY_AFTER, MAX_RETRIES);
    }

    public String clientSecret() {
        return secret.value;
    }

    public GenesysSettings withTimeouts(Duration connect, Duration read) {
        return new GenesysSettings(target, clientId, secret, connect, read, maxRetryAfter, maxRetries);
    }

    public GenesysSettings withRetries(Duration maxRetryAfter, int maxRetries) {
        return new GenesysSettings(target, clientId, secret, connectTimeout, readTimeout, maxRetryAfter, maxRetries);
    }

    /** The OAuth client secret: shown nowhere, not even by {@code toString}. */
    public static final class Secret {
        private final String value;

        Secret(String value) {
            this.value = Objects.requireNonNull(value, "secret");
        }

        @Override
        public String toString() {
            return "***";
        }
    }
}
