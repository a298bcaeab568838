package io.claimmap.cli;

import io.claimmap.engine.SettingsException;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.server.ClaimmapServer;
import io.claimmap.server.DecisionLog;
import io.claimmap.server.Playground;
import io.claimmap.server.RuleFolders;
import io.claimmap.server.ServerLogging;
import io.claimmap.server.ServerSettings;
import io.javalin.util.JavalinBindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Starts and runs the server {@link ServeCommand}'s options describe; the only CLI class that names server types. */
public final class ServeRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private final ServeCommand options;

    private ServeRunner(ServeCommand options) {
        this.options = options;
    }

    /** Serves until SIGTERM or Ctrl-C, then drains; the exit status. */
    static int run(ServeCommand options, PrintWriter err) throws Exception {
        ServeRunner runner = new ServeRunner(options);
        // The stop on signals is in place before the server says it is ready: a Ctrl-C right after the readiness line
        // would otherwise meet the JVM's default handling (exit 130, no drain; ServeProcessTest saw it).
        ClaimmapServer server = runner.start(err, runner::stopOnSignals);
        server.awaitStop();
        return ExitCodes.OK;
    }

    /** Starts listening at once, then loads rules and keys; returns the server once it serves. */
    public static ClaimmapServer start(ServeCommand options, PrintWriter err) throws Exception {
        return new ServeRunner(options).start(err, listening -> { });
    }

    private DecisionLog.Claims claims() {
        return DecisionLog.Claims.fromLabel(options.decisionLogClaims.name());
    }

    private DecisionLog openDecisionLog() {
        if (options.decisionLog == null) {
            return null;
        }
        if (options.decisionLog.equals("-")) {
            return new DecisionLog(System.out, false, claims(), DecisionLog.DEFAULT_CAPACITY);
        }
        try {
            java.io.OutputStream file = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(
                    java.nio.file.Path.of(options.decisionLog), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE), 1 << 16);
            return new DecisionLog(file, true, claims(), DecisionLog.DEFAULT_CAPACITY);
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new UsageException("--decision-log " + options.decisionLog + ": cannot be opened for appending ("
                    + (e instanceof java.io.IOException io ? ValidationOptions.describe(io) : e.getMessage()) + ")");
        }
    }

    private void stopOnSignals(ClaimmapServer server) {
        // SIGTERM (a container stop) and Ctrl-C drain and exit 0; any other exit still stops the server.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "claimmap-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.atInfo().addKeyValue("signal", "SIG" + signal.getName())
                            .log("SIG{} received: draining requests in flight (up to {} ms), then stopping",
                                    signal.getName(), options.drainTimeout.toMillis());
                    new Thread(server::stop, "claimmap-drain").start();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("SIG{} cannot be handled here", name);
            }
        }
    }

    /** {@link #start(ServeCommand, PrintWriter)}, handing the listening server to {@code beforeReady} before it says
     *  it is ready. */
    ClaimmapServer start(PrintWriter err, java.util.function.Consumer<ClaimmapServer> beforeReady) throws Exception {
        String key = options.apiKey != null ? options.apiKey : System.getenv("CLAIMMAP_API_KEY");
        if (options.validationThreads != null && options.validationThreads < 0) {
            throw new UsageException("--validation-threads must be 0 (validate on the request threads) or more, not "
                    + options.validationThreads);
        }
        ValidationSettings validationSettings = options.validation.settings();
        // Validations that ask Genesys Cloud wait on the network: a thread per core would leave the cores idle.
        int validationThreads = options.validationThreads != null ? options.validationThreads
                : validationSettings.genesys() != null ? 0 : ServerSettings.DEFAULT_VALIDATION_THREADS;
        ServerSettings settings;
        try {
            settings = new ServerSettings(options.host, options.port, key == null || key.isEmpty() ? null : key,
                    options.maxBodyBytes, options.threads, validationThreads, ServerSettings.DEFAULT_IDLE_TIMEOUT,
                    options.bodyTimeout, options.drainTimeout, !options.noAccessLog);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (options.ui && !options.uiAllowRemote && !Playground.isLoopback(options.host)) {
            throw new UsageException("--ui serves the playground on loopback only: use --host 127.0.0.1, or add "
                    + "--ui-allow-remote (with an API key) to serve it on " + options.host);
        }
        if (options.uiAllowRemote && !options.ui) {
            throw new UsageException("--ui-allow-remote needs --ui");
        }
        if (options.ui && options.uiAllowRemote && settings.apiKey() == null) {
            throw new UsageException("--ui-allow-remote needs an API key (--api-key or CLAIMMAP_API_KEY)");
        }
        if (!validationSettings.hasKeySources() && !validationSettings.unverified()) {
            throw new UsageException("no key source: give --jwks, --discovery, --key or --saml-metadata, so that what "
                    + "the hook answers is verified (or --unverified to serve previews of unverified claims)");
        }
        ServerLogging.configure(options.logFormat == ServeCommand.LogFormat.json ? ServerLogging.Format.JSON
                : ServerLogging.Format.TEXT);
        DecisionLog log = openDecisionLog();
        ClaimmapServer server;
        try {
            // The JSON access log is UTF-8 whatever the locale, like every JSON claimmap writes.
            server = ClaimmapServer.start(settings, new java.io.PrintStream(System.out, true,
                    java.nio.charset.StandardCharsets.UTF_8), !options.ui ? null : new Playground(options.uiAllowRemote,
                    Playground.scratchRules(validationSettings), Duration.ofSeconds(30)));
        } catch (JavalinBindException e) {
            if (log != null) {
                log.close();
            }
            throw new UsageException("cannot listen on " + options.host + ":" + options.port + " (" + bindProblem(e)
                    + ")");
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
        if (options.validation.time().fixed()) {
            LOG.atWarn().addKeyValue("now", options.validation.now().toString())
                    .log("--now {}: the clock is frozen, every token is checked at that instant; for tests only",
                            options.validation.now());
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
                    options.validation.clock());
        } catch (SettingsException e) {
            server.stop();
            throw new UsageException(e.getMessage());
        } catch (Exception e) {
            server.stop();
            throw new UsageException("cannot watch the --rules paths for edits (" + rootMessage(e) + ")");
        }
        if (options.ui) {
            String host = options.host.contains(":") ? "[" + options.host + "]" : options.host;
            String url = "http://" + host + ":" + server.port() + "/";
            // A log event like every other line on stderr: one JSON document with --log-format json.
            LOG.atInfo().addKeyValue("url", url).log("playground at {}", url);
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
