package io.claimmap.server;

import java.time.Duration;

/**
 * How the hook listens and protects itself.
 *
 * @param apiKey       required on {@code /v1/*} as {@code Authorization: Bearer <key>} or {@code X-API-Key}; null for none
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param maxThreads   request threads at most; beyond them requests queue, then are refused
 * @param idleTimeout  how long a connection may stay silent, including a client that sends its body slowly
 * @param drainTimeout how long a shutdown waits for requests in flight
 */
public record ServerSettings(String host, int port, String apiKey, long maxBodyBytes, int maxThreads,
                             Duration idleTimeout, Duration drainTimeout, boolean accessLog) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_THREADS = 32;

    public ServerSettings {
        if (maxBodyBytes <= 0 || maxBodyBytes > DEFAULT_MAX_BODY_BYTES * 16) {
            throw new IllegalArgumentException("the body limit must be between 1 byte and 16 MiB");
        }
        if (maxThreads < 4) {
            throw new IllegalArgumentException("at least 4 threads are needed");
        }
        if (apiKey != null && apiKey.length() < 16) {
            throw new IllegalArgumentException("an API key must be at least 16 characters long");
        }
    }

    public static ServerSettings defaults(String host, int port) {
        return new ServerSettings(host, port, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_THREADS, Duration.ofSeconds(30),
                Duration.ofSeconds(10), true);
    }
}
