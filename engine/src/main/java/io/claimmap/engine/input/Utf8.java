package io.claimmap.engine.input;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: invalid bytes are an error, not replacement characters. */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] bytes, String what) throws MalformedInputException {
        // The JDK's lenient decoding is several times faster (an intrinsic for ASCII, no buffers); it replaces what is
        // not UTF-8 with U+FFFD, so a text without U+FFFD came from valid bytes and is what strict decoding gives. A
        // text with one (replaced, or in the input itself) is decoded again strictly. For Latin-1 text, which tokens
        // are, the search ends at once: U+FFFD cannot be in it.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException(what + " is not UTF-8 text");
        }
    }
}
