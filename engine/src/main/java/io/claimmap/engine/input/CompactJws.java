package io.claimmap.engine.input;

import com.nimbusds.jose.util.Base64URL;

import java.util.Base64;
import java.util.Map;

/**
 * A compact JWS that passed the strict checks: three canonical base64url segments, a header and a payload that are
 * JSON objects without duplicate members. The signature is not verified yet.
 */
public record CompactJws(String headerSegment, String payloadSegment, String signatureSegment,
                         Map<String, Object> header, Map<String, Object> claims) {

    /** The bytes the signature covers: ASCII {@code header.payload}. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the segments are ASCII (base64url)
    public byte[] signingInput() {
        // Copied straight into one array: no intermediate "header.payload" string of the token's length.
        byte[] input = new byte[headerSegment.length() + 1 + payloadSegment.length()];
        headerSegment.getBytes(0, headerSegment.length(), input, 0);
        input[headerSegment.length()] = '.';
        payloadSegment.getBytes(0, payloadSegment.length(), input, headerSegment.length() + 1);
        return input;
    }

    /** The signature segment; its bytes are decoded by the JDK's (intrinsic) decoder rather than nimbus' own. */
    public Base64URL signature() {
        return new Segment(signatureSegment);
    }

    public String algorithm() {
        return header.get("alg") instanceof String alg ? alg : null;
    }

    public String keyId() {
        return header.get("kid") instanceof String kid ? kid : null;
    }

    /**
     * A segment the parser found to be canonical unpadded base64url, so the JDK's decoder gives exactly the bytes
     * nimbus' would; nimbus' constant-time decoder is several times slower.
     */
    private static final class Segment extends Base64URL {
        private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

        Segment(String value) {
            super(value);
        }

        @Override
        public byte[] decode() {
            return DECODER.decode(toString());
        }
    }
}
