package io.claimmap.server;

import java.time.Duration;

/**
 * How the hook listens and protects itself.
 *
 * @param apiKey       required on {@code /v1/*} as {@code Authorization: Bearer <key>} or {@code X-API-Key}; null for none
 * @param maxBodyBytes larger request bodies are refused with 413 (at once when the Content-Length announces it)
 * @param maxThreads   request threads at most; beyond them requests queue (64 per thread), then are refused
 * @param validationThreads threads that validate, taking requests in arrival order (0: the request threads
 *                     validate; {@link ValidationWorkers})
 * @param idleTimeout  how long a connection may stay silent between requests
 * @param bodyTimeout  how long a request body may take to arrive in full; then 408. The body is read without holding
 *                     a request thread, so a slow client costs its own request only
 * @param drainTimeout how long a shutdown waits for requests in flight; 0 stops at once
 */
public record ServerSettings(String host, int port, String apiKey, long maxBodyBytes, int maxThreads,
                             int validationThreads, Duration idleTimeout, Duration bodyTimeout, Duration drainTimeout, boolean accessLog) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_THREADS = 32;
    public static final int DEFAULT_VALIDATION_THREADS = ValidationWorkers.DEFAULT_THREADS;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 (any free port) and 65535, not " + port);
        }
        if (maxBodyBytes <= 0 || maxBodyBytes > DEFAULT_MAX_BODY_BYTES * 16) {
            throw new IllegalArgumentException("the body limit must be between 1 byte and 16 MiB");
        }
        if (maxThreads < 4) {
            throw new IllegalArgumentException("at least 4 threads are needed");
        }
        if (validationThreads < 0) {
            throw new IllegalArgumentException("the validation threads cannot be negative (0: the request threads validate)");
        }
        if (apiKey != null && apiKey.length() < 16) {
            throw new IllegalArgumentException("an API key must be at least 16 characters long");
        }
        if (bodyTimeout.isNegative() || bodyTimeout.isZero() || bodyTimeout.compareTo(idleTimeout) > 0) {
            throw new IllegalArgumentException("the body timeout must be positive and at most the idle timeout ("
                    + idleTimeout.toSeconds() + " s)");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("the drain timeout cannot be negative");
        }
    }

    /** The defaults, except that a stop does not wait for requests in flight: what tests want. */
    public static ServerSettings defaults(String host, int port) {
        return new ServerSettings(host, port, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_THREADS, DEFAULT_VALIDATION_THREADS, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_BODY_TIMEOUT, Duration.ZERO, true);
    }

    public ServerSettings withBodyTimeout(Duration value) {
        return new ServerSettings(host, port, apiKey, maxBodyBytes, maxThreads, validationThreads, idleTimeout, value, drainTimeout, accessLog);
    }

    public ServerSettings withDrainTimeout(Duration value) {
        return new ServerSettings(host, port, apiKey, maxBodyBytes, maxThreads, validationThreads, idleTimeout, bodyTimeout, value, accessLog);
    }
}
