package io.claimmap.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The API key check: hashes compared with MessageDigest.isEqual, so timing reveals neither content nor length. */
final class ApiKey {
    private final byte[] expectedHash;

    ApiKey(String key) {
        this.expectedHash = sha256(key);
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(expectedHash, sha256(presented));
    }

    /** The key from {@code Authorization: Bearer <key>}, else from {@code X-API-Key}. */
    static String presented(String authorization, String xApiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return xApiKey;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
