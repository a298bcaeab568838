package io.claimmap.engine.contacts;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.testing.FuzzFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Any file is a contacts export or {@link ContactsException}: the JSON reader for files starting with {@code {} or
 * {@code [}, the CSV reader for the rest. Seeds: ContactsLoaderFuzzTestInputs/json and .../csv.
 */
@ResourceLock(FuzzFixtures.JAZZER)
class ContactsLoaderFuzzTest {
    private static final Path FILE = temporaryFile();

    @FuzzTest
    @Timeout(10)
    void json(byte[] input) {
        if (isJson(input)) {
            load(input);
        }
    }

    @FuzzTest
    @Timeout(10)
    void csv(byte[] input) {
        if (!isJson(input)) {
            load(input);
        }
    }

    private static void load(byte[] input) {
        try {
            Files.write(FILE, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Contacts contacts = ContactsLoader.load(FILE);
            assertNotNull(contacts);
        } catch (ContactsException e) {
            assertNotNull(e.getMessage());
        }
    }

    private static boolean isJson(byte[] input) {
        for (byte b : input) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("claimmap-fuzz-contacts", ".txt");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
