package io.claimmap.cli;

import io.claimmap.engine.input.InputLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reads a command's INPUT argument (a file, or {@code -} for standard input) with one-line usage errors. */
final class InputFiles {
    private InputFiles() {
    }

    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    /**
     * Reads one byte past the limit so that an oversized input is reported as such by the validator. An argument
     * that is no file but the content itself (a token, a SAML message, claims) is refused without being echoed: it is
     * a credential or personal data, and it is already in the shell history and in ps.
     */
    static byte[] read(String input) {
        if (!input.equals("-") && pastedContent(input)) {
            throw new UsageException("INPUT looks like the content itself (a token, a SAML message or JSON), not a "
                    + "file: save it to a file and pass the file's path, or pass - and give it on standard input (what "
                    + "is on the command line ends up in the shell history and in ps)");
        }
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

    /** An argument that is no existing file but looks like what a file would hold: a JWT, a SAML message, a Bearer header, JSON. */
    static boolean pastedContent(String argument) {
        try {
            if (Files.exists(Path.of(argument))) {
                return false;
            }
        } catch (java.nio.file.InvalidPathException e) {
            return true;
        }
        String text = argument.strip();
        return COMPACT_JWS.matcher(text).matches() || text.startsWith("eyJ")
                || text.startsWith("<") || text.startsWith("{") || text.regionMatches(true, 0, "Bearer ", 0, 7)
                || text.regionMatches(true, 0, "Authorization:", 0, 14)
                || text.startsWith("SAMLResponse=") || text.startsWith("PHNhbWxw") || text.startsWith("PD94bWwg")
                || text.length() > 1024;
    }

    static final String NOT_SHOWN = "<an argument that looks like a token, a SAML message or JSON, not shown>";

    /**
     * (Here, not in ClaimmapCommand: Main uses it before picocli is on the class path.)
     * The message with every argument (or option value after {@code =}) that looks like pasted content replaced:
     * picocli and our own messages quote arguments ("Unmatched argument", "Invalid value", a file name), and a token
     * is personal data that must never be echoed back.
     */
    static String withoutPastedContent(String message, String[] args) {
        if (message == null || args == null) {
            return String.valueOf(message);
        }
        String result = message;
        for (String arg : args) {
            int equals = arg.startsWith("-") ? arg.indexOf('=') : -1;
            String value = equals < 0 ? arg : arg.substring(equals + 1);
            if (value.length() >= 8 && !value.equals("-") && InputFiles.pastedContent(value)) {
                result = result.replace(value, NOT_SHOWN);
            }
        }
        return result;
    }
}
