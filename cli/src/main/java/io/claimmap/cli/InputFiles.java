package io.claimmap.cli;

import io.claimmap.engine.input.InputLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a command's INPUT argument (a file, or {@code -} for standard input) with one-line usage errors. */
final class InputFiles {
    private InputFiles() {
    }

    /** Reads one byte past the limit so that an oversized input is reported as such by the validator. */
    static byte[] read(String input) {
        try (InputStream in = input.equals("-") ? System.in : Files.newInputStream(Path.of(input))) {
            return in.readNBytes(InputLimits.MAX_INPUT_BYTES + 1);
        } catch (IOException e) {
            String what = input.equals("-") ? "standard input" : input;
            if (e instanceof NoSuchFileException) {
                throw new UsageException(what + ": no such file");
            }
            if (Files.isDirectory(Path.of(input))) {
                throw new UsageException(what + ": is a folder, not a file");
            }
            throw new UsageException(what + ": cannot be read (" + ValidationOptions.describe(e) + ")");
        }
    }
}
