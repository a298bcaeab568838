package io.claimmap.engine.input;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Utf8's fast path (lenient decoding, then a look for U+FFFD) must answer exactly as strict decoding does. */
class Utf8Test {
    @Test
    void answersAsStrictDecodingOnEdgeCases() throws Exception {
        List<byte[]> cases = List.of(
                new byte[0],
                "eyJhbGciOiJSUzI1NiJ9".getBytes(StandardCharsets.US_ASCII),
                "Zoë, 東京, 😀".getBytes(StandardCharsets.UTF_8),
                "a literal \uFFFD in valid text".getBytes(StandardCharsets.UTF_8),
                "\uFEFFwith a byte-order mark".getBytes(StandardCharsets.UTF_8),
                bytes(0xC3), // a truncated two-byte sequence
                bytes(0x61, 0x80), // a lone continuation byte
                bytes(0xC0, 0xAF), // an overlong '/'
                bytes(0xE0, 0x80, 0xAF), // an overlong three-byte '/'
                bytes(0xED, 0xA0, 0x80), // an encoded surrogate (CESU-8)
                bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
                bytes(0xF8, 0x88, 0x80, 0x80, 0x80), // a five-byte form
                bytes(0xFF, 0xFE, 0x61, 0x00), // UTF-16 with its byte-order mark
                bytes(0xEF, 0xBF, 0xBD, 0xC3)); // a literal U+FFFD, then invalid
        for (byte[] bytes : cases) {
            assertSameAsStrict(bytes);
        }
    }

    @Test
    void answersAsStrictDecodingOnRandomBytes() throws Exception {
        Random random = new Random(14);
        byte[] pieces = "aZ09-_.é東😀\uFFFD".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int j = 0; j < bytes.length; j++) {
                // mostly pieces of valid UTF-8 (so that whole characters come up too), sometimes any byte
                bytes[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : pieces[random.nextInt(pieces.length)];
            }
            assertSameAsStrict(bytes);
        }
    }

    private static void assertSameAsStrict(byte[] bytes) throws Exception {
        String strict;
        try {
            strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            MalformedInputException refused = assertThrows(MalformedInputException.class, () -> Utf8.decode(bytes, "x"));
            assertEquals("x is not UTF-8 text", refused.getMessage());
            return;
        }
        assertEquals(strict, Utf8.decode(bytes, "x"));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
