package io.claimmap.cli;

import io.claimmap.cli.testing.CliRun;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Output that cannot lie: untrusted values escaped, colour only when asked for, UTF-8 whatever the locale. */
class OutputSafetyTest {
    static final String NOW = "2026-11-21T12:00:00Z";
    static final String JWKS = "../examples/okta-rotation/jwks-after-rotation.json";
    static final String BEFORE = "../examples/okta-rotation/jwks-before-rotation.json";
    static final String ESC = "\u001b";

    @TempDir
    Path dir;

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** An unsigned token (validated with --unverified) whose claims are hostile text. */
    private Path token(String kid, String iss, String sub, String name) throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}";
        String payload = "{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"name\":\"" + name
                + "\",\"exp\":1795266000,\"iat\":1795262340}";
        Path file = dir.resolve("token.jwt");
        Files.writeString(file, b64(header) + "." + b64(payload) + ".c2lnbmF0dXJl");
        return file;
    }

    @Test
    void textOutputEscapesControlCharactersLineBreaksEscapeSequencesAndBidiControls() throws Exception {
        // JSON escapes: a forged PASS line, a screen clear, a right-to-left override and an isolate.
        Path token = token("k\\u001b[2J", "https://idp.example.com\\r\\nPASS  all good", "00u1\\nPASS  jwt  forged",
                "\\u202eevil\\u2066");
        CliRun run = CliRun.of("validate", token.toString(), "--unverified", "--explain", "--now", NOW, "--color", "never");
        String out = run.out();
        assertTrue(out.startsWith("WARN  jwt  iss https://idp.example.com\\r\\nPASS  all good  kid k\\u001b[2J"), out);
        assertTrue(out.contains("sub         00u1\\nPASS  jwt  forged"), out);
        assertFalse(out.contains(ESC), "no escape character reaches the terminal");
        assertFalse(out.contains("\u202e") || out.contains("\u2066") || out.contains("\r"), out);
        assertEquals(1, out.lines().filter(line -> line.matches("(PASS|WARN|FAIL).*")).count(), out);
        Approvals.verify(run.transcript(), new Options());
    }

    @Test
    void keysTextEscapesWhatAKeySourceSays() throws Exception {
        String jwks = Files.readString(Path.of(JWKS)).replaceFirst("\"kid\"\\s*:\\s*\"[^\"]*\"",
                "\"kid\": \"evil\\\\u001b]0;title\\\\u0007\\\\nFAIL\"");
        Path file = dir.resolve("keys.json");
        Files.writeString(file, jwks);
        String out = CliRun.of("keys", "inspect", file.toString(), "--now", NOW, "--color", "never").out();
        assertTrue(out.contains("kid \"evil\\u001b]0;title\\u0007\\nFAIL\""), out);
        assertFalse(out.contains(ESC) || out.contains("\u0007"), out);
    }

    @Test
    void colourAlwaysPaintsEveryPrintingCommand() throws Exception {
        Path token = token("k", "https://idp.example.com", "00u1", "Ada");
        for (List<String> args : List.of(List.of("validate", token.toString(), "--unverified", "--now", NOW),
                List.of("keys", "inspect", JWKS, "--now", NOW), List.of("keys", "diff", BEFORE, JWKS, "--now", NOW))) {
            List<String> always = new java.util.ArrayList<>(args);
            always.addAll(List.of("--color", "always"));
            assertTrue(CliRun.of(always.toArray(String[]::new)).out().contains(ESC + "["), "always: " + args);
            List<String> never = new java.util.ArrayList<>(args);
            never.addAll(List.of("--color", "never"));
            assertFalse(CliRun.of(never.toArray(String[]::new)).out().contains(ESC), "never: " + args);
            assertFalse(CliRun.of(args.toArray(String[]::new)).out().contains(ESC), "auto, not a terminal: " + args);
        }
        CliRun doctor = CliRun.of("doctor", "--discovery", "http://127.0.0.1:9/", "--color", "always");
        assertTrue(doctor.out().contains(ESC + "["), doctor.out());
    }

    @Test
    void autoColoursOnlyATerminalAndNoColorWinsOverATerminal() {
        assertTrue(ColorOption.enabled(ColorOption.Mode.auto, Map.of(), () -> true));
        assertFalse(ColorOption.enabled(ColorOption.Mode.auto, Map.of(), () -> false));
        assertFalse(ColorOption.enabled(ColorOption.Mode.auto, Map.of("NO_COLOR", "1"), () -> true));
        assertTrue(ColorOption.enabled(ColorOption.Mode.auto, Map.of("NO_COLOR", ""), () -> true), "empty NO_COLOR is unset");
        assertFalse(ColorOption.enabled(ColorOption.Mode.auto, Map.of("TERM", "dumb"), () -> true));
        assertTrue(ColorOption.enabled(ColorOption.Mode.always, Map.of("NO_COLOR", "1"), () -> false), "an explicit choice wins");
        assertFalse(ColorOption.enabled(ColorOption.Mode.never, Map.of(), () -> true));
    }

    @Test
    void aBadColorIsAUsageError() {
        CliRun run = CliRun.of("validate", JWKS, "--color", "sometimes");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("--color"), run.err());
    }

    /** The real executable under a C locale and ASCII default charsets: stdout still carries UTF-8 bytes. */
    @Test
    void jsonAndTextAreUtf8WhateverTheLocale() throws Exception {
        Path token = token("k", "https://idp.example.com", "José Müller-Łukasiewicz", "Zoë 山田");
        for (String format : List.of("json", "text")) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // a short run: no optimising JIT, no GC threads
                    "-Dfile.encoding=US-ASCII", "-Dsun.stdout.encoding=US-ASCII", "-Dstdout.encoding=US-ASCII",
                    "-Dsun.jnu.encoding=US-ASCII", "-Dclaimmap.cache.dir=" + System.getProperty("claimmap.cache.dir"),
                    "-cp", System.getProperty("java.class.path"), "io.claimmap.cli.Main", "validate", token.toString(),
                    "--unverified", "--now", NOW, "--format", format);
            builder.environment().put("LANG", "C");
            builder.environment().put("LC_ALL", "C");
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(bytes);
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("José Müller-Łukasiewicz"), format + ": " + out);
            assertFalse(out.contains("Jos?"), format + ": " + out);
        }
    }
}
