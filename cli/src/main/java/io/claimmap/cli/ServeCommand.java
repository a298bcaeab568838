package io.claimmap.cli;

import io.claimmap.engine.SettingsException;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.server.ClaimmapServer;
import io.claimmap.server.DecisionLog;
import io.claimmap.server.ServerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code claimmap serve}: the REST pre-exchange validation hook. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Run the pre-exchange validation hook: POST /v1/validate with {\"token\": \"...\"} or "
                + "{\"saml\": \"...\"} answers with the same JSON document as 'validate --format json'. Also "
                + "/healthz, /readyz, /metrics, /v1/rules and /openapi.json. Edits of --rules files are compiled and "
                + "swapped in while serving.", ""},
        footer = {"", "Examples:",
                "  claimmap serve --jwks examples/salesforce/jwks.json --contacts examples/salesforce/contacts.json",
                "  CLAIMMAP_API_KEY=$(cat key.txt) claimmap serve --discovery https://acme.okta.com/oauth2/default \\",
                "      --host 0.0.0.0 --port 8080 --rules rules/",
                "", "Stops gracefully on SIGTERM: requests in flight finish first."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped", "2:usage error, unreadable file, rules that do not compile, port in use"})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ValidationOptions validation = new ValidationOptions();

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Require this key on /v1/* (Authorization: Bearer KEY or "
            + "X-API-Key). Prefer the CLAIMMAP_API_KEY environment variable, which other users cannot see in ps.")
    String apiKey;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "1048576", description = "Largest request body (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "32", description = "Request threads at most (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--no-access-log", description = "Do not write the JSON access log to stdout.")
    boolean noAccessLog;

    @Option(names = "--decision-log", paramLabel = "FILE|-", description = "Append one JSON line per evaluated request "
            + "(verdict, codes, externalId, rule revision, claims as --decision-log-claims says; never the token or "
            + "SAML message) to FILE, or to stdout with -. Written off the request path; records that do not fit the "
            + "queue are dropped and counted in /metrics.")
    String decisionLog;

    @Option(names = "--decision-log-claims", paramLabel = "none|names|values", defaultValue = "names",
            converter = DecisionLogClaimsConverter.class, description = "How much of the claims the decision log holds: "
            + "none, their names (default), or names and values (personal data; makes the log a corpus for audit and diff).")
    DecisionLog.Claims decisionLogClaims;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class DecisionLogClaimsConverter implements CommandLine.ITypeConverter<DecisionLog.Claims> {
        @Override
        public DecisionLog.Claims convert(String value) {
            try {
                return DecisionLog.Claims.fromLabel(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected none, names or values, not '" + value + "'");
            }
        }
    }

    private DecisionLog openDecisionLog() {
        if (decisionLog == null) {
            return null;
        }
        if (decisionLog.equals("-")) {
            return new DecisionLog(System.out, false, decisionLogClaims, DecisionLog.DEFAULT_CAPACITY);
        }
        try {
            java.io.OutputStream file = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(
                    java.nio.file.Path.of(decisionLog), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE), 1 << 16);
            return new DecisionLog(file, true, decisionLogClaims, DecisionLog.DEFAULT_CAPACITY);
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new UsageException("--decision-log " + decisionLog + ": cannot be opened for appending ("
                    + (e instanceof java.io.IOException io ? ValidationOptions.describe(io) : e.getMessage()) + ")");
        }
    }

    @Override
    public Integer call() throws Exception {
        ClaimmapServer server = start(spec.commandLine().getErr());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "claimmap-shutdown"));
        server.awaitStop();
        return ExitCodes.OK;
    }

    /** Starts listening at once, then loads rules and keys; returns the server once it serves. */
    public ClaimmapServer start(PrintWriter err) throws Exception {
        String key = apiKey != null ? apiKey : System.getenv("CLAIMMAP_API_KEY");
        ServerSettings settings;
        try {
            settings = new ServerSettings(host, port, key == null || key.isEmpty() ? null : key, maxBodyBytes, threads,
                    Duration.ofSeconds(30), Duration.ofSeconds(10), !noAccessLog);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ValidationSettings validationSettings = validation.settings();
        if (!validationSettings.hasKeySources() && !validationSettings.unverified()) {
            throw new UsageException("no key source: give --jwks, --discovery, --key or --saml-metadata, so that what "
                    + "the hook answers is verified (or --unverified to serve previews of unverified claims)");
        }
        DecisionLog log = openDecisionLog();
        ClaimmapServer server;
        try {
            server = ClaimmapServer.start(settings, System.out);
        } catch (Exception e) {
            if (log != null) {
                log.close();
            }
            // Jetty reports a failed bind through its shutdown ("STOPPED"); say what users need to know instead.
            throw new UsageException("cannot listen on " + host + ":" + port + " ("
                    + (portTaken() ? "the address is already in use" : rootMessage(e)) + ")");
        }
        if (log != null) {
            server.decisionLog(log);
        }
        err.println("claimmap: listening on http://" + host + ":" + server.port() + ", loading rules and keys");
        err.flush();
        try {
            Validator validator = validationSettings.validator();
            server.serve(validator, validationSettings::loadRules, validationSettings.rules(), validation.clock());
        } catch (SettingsException e) {
            server.stop();
            throw new UsageException(e.getMessage());
        } catch (Exception e) {
            server.stop();
            throw new UsageException("cannot watch the --rules paths for edits (" + rootMessage(e) + ")");
        }
        err.println("claimmap: ready" + (settings.apiKey() == null ? " (no API key: anyone who can reach this port can call it)" : ""));
        err.flush();
        return server;
    }

    private boolean portTaken() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(host, port));
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
