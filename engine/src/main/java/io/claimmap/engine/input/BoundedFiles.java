package io.claimmap.engine.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Configuration files (key sources, rules, contacts) read within a size limit. The limit is applied to what is read,
 * not to {@link Files#size}: a device or a pipe ({@code /dev/zero}, {@code <(...)}) has size 0 and no end.
 */
public final class BoundedFiles {
    private BoundedFiles() {
    }

    /**
     * The file's text, strictly UTF-8 ({@link java.nio.charset.MalformedInputException} otherwise, as
     * {@link Files#readString} throws), or null when it has more than {@code maxBytes} bytes.
     */
    public static String readString(Path file, int maxBytes) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            return null;
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
