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
