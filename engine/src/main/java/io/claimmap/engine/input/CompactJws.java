package io.claimmap.engine.input;

import com.nimbusds.jose.util.Base64URL;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A compact JWS that passed the strict checks: three canonical base64url segments, a header and a payload that are
 * JSON objects without duplicate members. The signature is not verified yet.
 */
public record CompactJws(String headerSegment, String payloadSegment, String signatureSegment,
                         Map<String, Object> header, Map<String, Object> claims) {

    /** The bytes the signature covers: ASCII {@code header.payload}. */
    public byte[] signingInput() {
        return (headerSegment + '.' + payloadSegment).getBytes(StandardCharsets.US_ASCII);
    }

    public Base64URL signature() {
        return new Base64URL(signatureSegment);
    }

    public String algorithm() {
        return header.get("alg") instanceof String alg ? alg : null;
    }

    public String keyId() {
        return header.get("kid") instanceof String kid ? kid : null;
    }
}
