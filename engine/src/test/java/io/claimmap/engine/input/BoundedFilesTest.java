package io.claimmap.engine.input;

import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeySourceSpec;
import io.claimmap.engine.rules.RuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The size limit holds for what is read, so a device or a pipe, whose size is 0, cannot fill the heap. */
class BoundedFilesTest {
    private static final Path ENDLESS = Path.of("/dev/zero");

    @TempDir
    Path dir;

    @Test
    void readsUpToTheLimitAndNoFurther() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "Zoë");
        assertEquals("Zoë", BoundedFiles.readString(file, 4));
        assertNull(BoundedFiles.readString(file, 3));
        assertThrows(MalformedInputException.class,
                () -> BoundedFiles.readString(Files.write(dir.resolve("latin1.txt"), new byte[]{'Z', 'o', (byte) 0xEB}), 10));
    }

    @Test
    void anEndlessDeviceIsOverTheLimit() throws Exception {
        assumeTrue(Files.exists(ENDLESS), "a system with /dev/zero");
        assertNull(BoundedFiles.readString(ENDLESS, 1024));
        assertEquals("--jwks /dev/zero: file is over 512 KiB",
                assertThrows(KeyConfigException.class, KeySourceSpec.jwks(ENDLESS.toString())::open).getMessage());
        assertEquals("/dev/zero: over 1024 KiB", assertThrows(IOException.class, () -> RuleSource.read(ENDLESS)).getMessage());
    }
}
