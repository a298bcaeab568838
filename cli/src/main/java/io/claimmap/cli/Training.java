package io.claimmap.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind the start-up archive ({@code bin/claimmap} makes it once per JDK, see docs/PERFORMANCE.md):
 * runs what a typical CLI invocation runs, in one JVM, so that the classes it loads are recorded. The inputs are
 * copies of examples/salesforce and examples/saml-okta packed in the jar; all output is discarded.
 * Exits 0 when every run gave its expected status, else 1 (the launcher then keeps no archive).
 */
public final class Training {
    private static final String NOW = "2026-11-21T12:00:00Z";
    private static final List<String> FILES = List.of("salesforce/token.jwt", "salesforce/jwks.json",
            "salesforce/contacts.json", "saml-okta/response.xml", "saml-okta/metadata.xml");

    private Training() {
    }

    public static void main(String[] args) throws IOException {
        // As Main starts a validation: the same logging provider and the built-in rules prefetched on a thread.
        Logging.chooseProvider(new String[] {"validate"});
        io.claimmap.engine.rules.RuleSetLoader.prefetchBuiltin();
        Path dir = Files.createTempDirectory("claimmap-training");
        boolean ok;
        try {
            for (String name : FILES) {
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                try (InputStream in = Training.class.getResourceAsStream("training/" + name)) {
                    if (in == null) {
                        throw new IOException("training input missing from the jar: " + name);
                    }
                    Files.copy(in, target);
                }
            }
            String jwt = dir.resolve("salesforce/token.jwt").toString();
            String jwks = dir.resolve("salesforce/jwks.json").toString();
            String contacts = dir.resolve("salesforce/contacts.json").toString();
            String saml = dir.resolve("saml-okta/response.xml").toString();
            String metadata = dir.resolve("saml-okta/metadata.xml").toString();
            ok = run(ExitCodes.OK, "--version")
                    & run(ExitCodes.FAIL, "validate", jwt, "--jwks", jwks, "--contacts", contacts, "--now", NOW,
                            "--explain")
                    & run(ExitCodes.OK, "validate", jwt, "--jwks", jwks, "--now", NOW, "--format", "json")
                    & run(ExitCodes.OK, "validate", saml, "--saml-metadata", metadata, "--now", NOW)
                    & run(ExitCodes.USAGE, "validate", "--no-such-option");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (UncheckedIOException | IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }
        System.exit(ok ? 0 : 1); // after the clean-up: System.exit in the try would skip the finally
    }

    private static boolean run(int expected, String... args) {
        CommandLine cli = ClaimmapCommand.commandLine(args); // as Main builds it: the classes a real run loads
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        cli.setOut(sink);
        cli.setErr(sink);
        return cli.execute(args) == expected;
    }
}
