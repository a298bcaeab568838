package io.claimmap.server;

import io.claimmap.engine.Validator;
import io.claimmap.engine.genesys.CachedGenesysOrg;
import io.claimmap.engine.genesys.GenesysOrg;
import io.javalin.Javalin;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The REST pre-exchange hook's lifecycle: it listens at once ({@link #start}), answers 503 on {@code /readyz} and
 * {@code /v1/validate} until {@link #serve} hands it a validator and the key sources have given keys, and drains
 * requests in flight on {@link #stop}. Routes are in {@link Routes}, Jetty's setup in {@link JettySetup}.
 */
public final class ClaimmapServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimmapServer.class);

    /** Whether {@code /readyz} answers 200, and why (or why not). */
    public record Readiness(boolean ready, String reason) {
    }

    private final ServerSettings settings;
    private final Playground playground;
    private final Javalin app;
    private final Metrics metrics = new Metrics();
    private final ValidationWorkers validationWorkers;
    private volatile GenesysOrg genesys;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "claimmap-timer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile LiveValidator live;
    private volatile KeyWarmup warmup;
    private volatile boolean draining;
    private volatile Supplier<Instant> clock = Instant::now;
    private Readiness lastReadiness;
    private RuleWatcher watcher;
    private volatile Duration watchInterval = RuleWatcher.DEFAULT_INTERVAL;
    private volatile DecisionLog decisionLog;

    private ClaimmapServer(ServerSettings settings, PrintStream accessLogOut, Playground playground) {
        this.playground = playground;
        this.settings = settings;
        timer.setRemoveOnCancelPolicy(true); // body deadlines are mostly cancelled: do not keep them queued
        AccessLog accessLog = new AccessLog(settings.accessLog() ? accessLogOut : null);
        this.validationWorkers = new ValidationWorkers(settings.validationThreads(), ValidationWorkers.DEFAULT_MAX_WAIT);
        metrics.validationWorkers(validationWorkers);
        Routes routes = new Routes(this, settings, validationWorkers);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.requestLogger.http((ctx, ms) -> {
                metrics.request(AccessLog.route(ctx), ctx.statusCode(), ms / 1000.0);
                accessLog.log(ctx, ms);
            });
            JettySetup.configure(config, settings, metrics);
        });
        routes.register(app);
        if (playground != null) {
            playground.routes(app, () -> {
                LiveValidator current = live;
                return current == null || draining ? null : current.validator();
            }, () -> clock.get(), settings.bodyTimeout(), timer);
        }
        metrics.readiness(() -> readiness().ready());
        metrics.keySources(() -> live == null ? List.of() : live.validator().config().keySources());
    }

    /**
     * Starts listening; not ready until {@link #serve}.
     *
     * @throws io.javalin.util.JavalinBindException when the address is in use or needs privileges
     */
    public static ClaimmapServer start(ServerSettings settings, PrintStream accessLog) {
        return start(settings, accessLog, null);
    }

    /** Starts listening, with the playground page ({@code serve --ui}) when {@code playground} is not null. */
    public static ClaimmapServer start(ServerSettings settings, PrintStream accessLog, Playground playground) {
        ClaimmapServer server = new ClaimmapServer(settings, accessLog, playground);
        server.app.start();
        LOG.atInfo().addKeyValue("host", settings.host()).addKeyValue("port", server.port())
                .addKeyValue("threads", settings.maxThreads())
                .addKeyValue("validationThreads", settings.validationThreads())
                .addKeyValue("maxBodyBytes", settings.maxBodyBytes())
                .addKeyValue("bodyTimeoutMs", settings.bodyTimeout().toMillis())
                .addKeyValue("drainTimeoutMs", settings.drainTimeout().toMillis())
                .addKeyValue("apiKey", settings.apiKey() != null).addKeyValue("accessLog", settings.accessLog())
                .log("listening on http://{}:{} (threads {}, validation threads {}, body limit {} bytes within {}, "
                                + "drain {}, API key {}, access log {})",
                        settings.host(), server.port(), settings.maxThreads(),
                        settings.validationThreads() == 0 ? "none" : settings.validationThreads(),
                        settings.maxBodyBytes(),
                        BodyReader.describe(settings.bodyTimeout()), BodyReader.describe(settings.drainTimeout()),
                        settings.apiKey() == null ? "none" : "required", settings.accessLog() ? "on stdout" : "off");
        server.readinessChanged();
        return server;
    }

    /**
     * Puts a validator in service: reads every key source once (retrying in the background until each has given
     * keys), then reports ready. Edits of {@code watchedRules} are compiled with {@code reloading} and swapped in.
     */
    public void serve(Validator validator, RuleLoading reloading, List<Path> watchedRules, Supplier<Instant> now)
            throws IOException {
        LiveValidator next = new LiveValidator(reloading, metrics);
        next.install(validator);
        this.clock = now;
        this.live = next;
        LOG.atInfo().addKeyValue("revision", validator.config().rules().revision())
                .addKeyValue("keySources", validator.config().keySources().size())
                .log("rules in service: revision {}; {} key source(s): {}", validator.config().rules().revision(),
                        validator.config().keySources().size(), validator.config().keySources().stream()
                                .map(source -> source.description()).toList());
        genesys = validator.config().genesys();
        if (genesys instanceof CachedGenesysOrg cached) {
            metrics.genesysLookups(cached::counts);
        }
        if (!watchedRules.isEmpty()) {
            watcher = new RuleWatcher(watchedRules, () -> {
                next.reload();
                readinessChanged();
            }, watchInterval);
        }
        warmup = new KeyWarmup(validator.config().keySources(), timer, this::readinessChanged);
        warmup.start();
        readinessChanged();
    }

    /** How often the watched rules are polled for edits, from the next {@link #serve} on; for tests, which need not wait a second. */
    void watchInterval(Duration interval) {
        this.watchInterval = interval;
    }

    /** Appends a record of every evaluated request to {@code log} (contract §9); closed when the server stops. */
    public void decisionLog(DecisionLog log) {
        this.decisionLog = log;
        metrics.decisionLogDropped(log::dropped);
    }

    /** The decision log, or null when there is none. */
    DecisionLog decisionLog() {
        return decisionLog;
    }

    public int port() {
        return connector().getLocalPort();
    }

    ServerConnector connector() {
        return (ServerConnector) app.jettyServer().server().getConnectors()[0];
    }

    public boolean ready() {
        return readiness().ready();
    }

    public Readiness readiness() {
        LiveValidator current = live;
        KeyWarmup keys = warmup;
        if (draining) {
            return new Readiness(false, "shutting down");
        }
        if (current == null) {
            return new Readiness(false, "rules are not compiled yet");
        }
        if (keys == null || !keys.done()) {
            return new Readiness(false, keys == null ? "key sources have not given keys yet" : keys.waitingFor());
        }
        return new Readiness(true, "rules revision " + current.validator().config().rules().revision() + ", "
                + current.validator().config().keySources().size() + " key source(s) read");
    }

    /** Logs readiness when it changes, with the reason. */
    synchronized void readinessChanged() {
        Readiness now = readiness();
        if (now.equals(lastReadiness)) {
            return;
        }
        boolean flipped = lastReadiness == null || lastReadiness.ready() != now.ready();
        lastReadiness = now;
        if (!flipped && now.ready()) {
            return; // still ready, on a new revision: the reload says so
        }
        LOG.atInfo().addKeyValue("ready", now.ready()).addKeyValue("reason", now.reason())
                .log("{}: {}", now.ready() ? "ready" : "not ready", now.reason());
    }

    /** For tests and embedding: the live validator, to reload on demand. */
    public LiveValidator live() {
        return live;
    }

    public Metrics metrics() {
        return metrics;
    }

    Supplier<Instant> clock() {
        return clock;
    }

    boolean draining() {
        return draining;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Stops taking new work, lets requests in flight finish (up to the drain timeout), then stops and closes the key
     * sources. Idempotent.
     */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        draining = true;
        readinessChanged();
        long start = System.nanoTime();
        if (watcher != null) {
            watcher.close();
        }
        org.eclipse.jetty.server.Server jetty = app.jettyServer().server();
        // While requests drain, idle kept-alive connections are closed as they appear (a drained request's too).
        var sweeper = timer.scheduleWithFixedDelay(() -> JettySetup.closeIdleConnections(jetty), 0, 50,
                TimeUnit.MILLISECONDS);
        try {
            JettySetup.drainOnStop(jetty, settings);
            try {
                jetty.stop(); // Jetty itself, not through Javalin, which logs a stack trace when the drain times out
            } catch (TimeoutException e) {
                LOG.atWarn().addKeyValue("drainTimeoutMs", settings.drainTimeout().toMillis())
                        .log("requests still in flight after the drain timeout ({} ms) were cut",
                                settings.drainTimeout().toMillis());
            } catch (Exception e) {
                LOG.warn("the HTTP server did not stop cleanly: {}", e.toString());
            }
            jetty.setStopTimeout(0); // Jetty has stopped; Javalin's stop (its events) must not drain a second time
            app.stop();
        } finally {
            sweeper.cancel(false);
            timer.shutdownNow();
            validationWorkers.close();
            if (decisionLog != null) {
                decisionLog.close();
            }
            if (genesys != null) {
                // One client and token for the server's life (rule reloads keep it): released once requests are done.
                genesys.close();
            }
            if (playground != null) {
                playground.close();
            }
            LiveValidator current = live;
            if (current != null) {
                current.validator().close();
            }
            stopped.countDown();
            LOG.atInfo().addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                    .log("stopped after {} ms", (System.nanoTime() - start) / 1_000_000);
        }
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** For tests: the routes Javalin actually registered, as {@code METHOD /path}. */
    public List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .filter(endpoint -> Routes.isMethod(endpoint.getEndpoint().getMethod()))
                .map(endpoint -> endpoint.getEndpoint().getMethod().name() + " " + endpoint.getEndpoint().getPath()).sorted().toList();
    }

    @Override
    public void close() {
        stop();
    }
}
