package io.claimmap.engine.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Validation and inspection read key sources through one reader: the same limits, URL rules and errors for both. */
class KeySourceReaderTest {
    @TempDir
    Path dir;

    private static String inspecting(String location) {
        return assertThrows(KeyConfigException.class, () -> KeyMaterial.load(location)).getMessage();
    }

    private static String validating(KeySourceSpec spec) {
        return assertThrows(KeyConfigException.class, spec::open).getMessage();
    }

    @Test
    void aFileOverTheLimitIsRefusedByValidationAndInspectionAlike() throws Exception {
        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"keys\":[]}" + " ".repeat(KeySourceReader.MAX_BYTES));
        assertEquals(big + ": file is over 512 KiB", inspecting(big.toString()));
        assertEquals("--jwks " + big + ": file is over 512 KiB", validating(KeySourceSpec.jwks(big.toString())));
        assertEquals("--saml-metadata " + big + ": file is over 512 KiB", validating(KeySourceSpec.samlMetadata(big.toString())));
    }

    @Test
    void missingFilesAndFoldersAreNamedAlike() {
        String missing = dir.resolve("missing.pem").toString();
        assertEquals(missing + ": no such file", inspecting(missing));
        assertEquals("--key " + missing + ": no such file", validating(KeySourceSpec.key(missing)));
        assertEquals(dir + ": is a folder, not a file", inspecting(dir.toString()));
        assertEquals("--jwks " + dir + ": is a folder, not a file", validating(KeySourceSpec.jwks(dir.toString())));
    }

    @Test
    void plainHttpToAnotherHostIsRefusedByValidationAndInspectionAlike() {
        String url = "http://idp.example.com/keys";
        assertEquals(url + " uses plain http to a non-loopback host; keys are fetched over https only: " + url, inspecting(url));
        assertEquals("--jwks uses plain http to a non-loopback host; keys are fetched over https only: " + url,
                validating(KeySourceSpec.jwks(url)));
    }
}
