package io.claimmap.cli;

import io.claimmap.engine.SettingsException;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.server.ClaimmapServer;
import io.claimmap.server.Playground;
import io.claimmap.server.DecisionLog;
import io.claimmap.server.ServerSettings;
import io.claimmap.server.RuleFolders;
import io.claimmap.server.ServerLogging;
import io.javalin.util.JavalinBindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import sun.misc.Signal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
                "", "Logs one line per event on stderr (--log-format json for JSON lines); the access log is on stdout.",
                "Stops gracefully on SIGTERM or Ctrl-C: requests in flight finish first (up to --drain-timeout), then exit 0."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped", "2:usage error, unreadable file, rules that do not compile, port in use"})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

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

    @Option(names = "--body-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long a request body may take to arrive in full, then 408; it is read without holding a "
                    + "request thread (default: ${DEFAULT-VALUE}).")
    Duration bodyTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "On SIGTERM or Ctrl-C, how long requests in flight may take to finish; 0 stops at once "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "The log on stderr, one line per event: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--ui", description = "Also serve the playground page at / (loopback only): paste a token or SAML "
            + "message, see the verdict, findings, mapping, claims and rule trace, and try a scratch rule.")
    boolean ui;

    @Option(names = "--ui-allow-remote", description = "Serve the playground to other hosts too (with --ui and a "
            + "non-loopback --host); needs an API key, which every call the page makes must present.")
    boolean uiAllowRemote;

    @Option(names = "--no-access-log", description = "Do not write the JSON access log to stdout.")
    boolean noAccessLog;

    /** {@code --log-format}. */
    enum LogFormat { text, json }

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
        // The stop on signals is in place before the server says it is ready: a Ctrl-C right after the readiness line
        // would otherwise meet the JVM's default handling (exit 130, no drain; ServeProcessTest saw it).
        ClaimmapServer server = start(spec.commandLine().getErr(), this::stopOnSignals);
        server.awaitStop();
        return ExitCodes.OK;
    }

    private void stopOnSignals(ClaimmapServer server) {
        // SIGTERM (a container stop) and Ctrl-C drain and exit 0; any other exit still stops the server.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "claimmap-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.atInfo().addKeyValue("signal", "SIG" + signal.getName())
                            .log("SIG{} received: draining requests in flight (up to {} ms), then stopping",
                                    signal.getName(), drainTimeout.toMillis());
                    new Thread(server::stop, "claimmap-drain").start();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("SIG{} cannot be handled here", name);
            }
        }
    }

    /** Starts listening at once, then loads rules and keys; returns the server once it serves. */
    public ClaimmapServer start(PrintWriter err) throws Exception {
        return start(err, listening -> { });
    }

    /** {@link #start(PrintWriter)}, handing the listening server to {@code beforeReady} before it says it is ready. */
    ClaimmapServer start(PrintWriter err, java.util.function.Consumer<ClaimmapServer> beforeReady) throws Exception {
        String key = apiKey != null ? apiKey : System.getenv("CLAIMMAP_API_KEY");
        ServerSettings settings;
        try {
            settings = new ServerSettings(host, port, key == null || key.isEmpty() ? null : key, maxBodyBytes, threads,
                    ServerSettings.DEFAULT_IDLE_TIMEOUT, bodyTimeout, drainTimeout, !noAccessLog);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (ui && !uiAllowRemote && !Playground.isLoopback(host)) {
            throw new UsageException("--ui serves the playground on loopback only: use --host 127.0.0.1, or add "
                    + "--ui-allow-remote (with an API key) to serve it on " + host);
        }
        if (uiAllowRemote && !ui) {
            throw new UsageException("--ui-allow-remote needs --ui");
        }
        if (ui && uiAllowRemote && settings.apiKey() == null) {
            throw new UsageException("--ui-allow-remote needs an API key (--api-key or CLAIMMAP_API_KEY)");
        }
        ValidationSettings validationSettings = validation.settings();
        if (!validationSettings.hasKeySources() && !validationSettings.unverified()) {
            throw new UsageException("no key source: give --jwks, --discovery, --key or --saml-metadata, so that what "
                    + "the hook answers is verified (or --unverified to serve previews of unverified claims)");
        }
        ServerLogging.configure(logFormat == LogFormat.json ? ServerLogging.Format.JSON : ServerLogging.Format.TEXT);
        DecisionLog log = openDecisionLog();
        ClaimmapServer server;
        try {
            // The JSON access log is UTF-8 whatever the locale, like every JSON claimmap writes.
            server = ClaimmapServer.start(settings, new java.io.PrintStream(System.out, true,
                    java.nio.charset.StandardCharsets.UTF_8), !ui ? null : new Playground(uiAllowRemote,
                    Playground.scratchRules(validationSettings), Duration.ofSeconds(30)));
        } catch (JavalinBindException e) {
            if (log != null) {
                log.close();
            }
            throw new UsageException("cannot listen on " + host + ":" + port + " (" + bindProblem(e) + ")");
        }
        if (log != null) {
            server.decisionLog(log);
        }
        beforeReady.accept(server);
        List<Path> watched = validationSettings.rules();
        LOG.atInfo().addKeyValue("rules", watched.toString()).addKeyValue("builtinRules", validationSettings.builtinRules())
                .addKeyValue("issuers", validationSettings.issuers().toString())
                .addKeyValue("audiences", validationSettings.audiences().toString())
                .addKeyValue("unverified", validationSettings.unverified())
                .log("settings: rules {}{}, issuers {}, audiences {}{}", watched,
                        validationSettings.builtinRules() ? " and the built-in packs" : " only",
                        validationSettings.issuers(), validationSettings.audiences(),
                        validationSettings.unverified() ? ", unverified input previewed" : "");
        if (validation.time().fixed()) {
            LOG.atWarn().addKeyValue("now", validation.now().toString())
                    .log("--now {}: the clock is frozen, every token is checked at that instant; for tests only",
                            validation.now());
        }
        if (settings.apiKey() == null) {
            LOG.warn("no API key: anyone who can reach this port can call /v1/*");
        }
        try {
            for (Path empty : RuleFolders.empty(watched)) {
                LOG.atWarn().addKeyValue("folder", empty.toString())
                        .log("--rules {} holds no .drl file yet: serving the built-in packs until one appears", empty);
            }
            Validator validator = RuleFolders.withRules(validationSettings, watched).validator();
            server.serve(validator, () -> RuleFolders.withRules(validationSettings, watched).loadRules(), watched,
                    validation.clock());
        } catch (SettingsException e) {
            server.stop();
            throw new UsageException(e.getMessage());
        } catch (Exception e) {
            server.stop();
            throw new UsageException("cannot watch the --rules paths for edits (" + rootMessage(e) + ")");
        }
        if (ui) {
            err.println("claimmap: playground at http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + server.port() + "/");
            err.flush();
        }
        return server;
    }

    private static String bindProblem(JavalinBindException e) {
        String root = rootMessage(e);
        return root.toLowerCase(java.util.Locale.ROOT).contains("in use") ? "the address is already in use" : root;
    }
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
