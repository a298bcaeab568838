package io.claimmap.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RuleProblem;
import io.claimmap.engine.rules.RulePack;
import io.claimmap.engine.rules.RuleSet;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The REST pre-exchange hook: a thin adapter from HTTP to {@link Validator}. It listens at once and answers 503 on
 * {@code /readyz} and {@code /v1/validate} until {@link #serve} hands it a validator and the key sources have been
 * read. It owns no validation logic.
 */
public final class ClaimmapServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String START = "claimmap.start";

    private final ServerSettings settings;
    private final Javalin app;
    private final Metrics metrics = new Metrics();
    private final AccessLog accessLog;
    private final ApiKey apiKey;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "claimmap-key-warmup");
        thread.setDaemon(true);
        return thread;
    });
    private volatile LiveValidator live;
    private volatile boolean keysLoaded;
    private volatile boolean draining;
    private volatile Supplier<Instant> clock = Instant::now;
    private RuleWatcher watcher;

    private ClaimmapServer(ServerSettings settings, PrintStream log) {
        this.settings = settings;
        this.accessLog = new AccessLog(settings.accessLog() ? log : null);
        this.apiKey = settings.apiKey() == null ? null : new ApiKey(settings.apiKey());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.threadPool = new QueuedThreadPool(settings.maxThreads(), Math.min(8, settings.maxThreads()),
                    60_000, new BlockingArrayQueue<>(settings.maxThreads() * 64));
            // Jetty's graceful stop: connectors stop accepting, then the statistics handler waits until every request
            // in flight has been answered (up to the drain timeout) before connections close.
            config.jetty.modifyServer(server -> {
                server.setHandler(new StatisticsHandler());
                server.setStopTimeout(settings.drainTimeout().toMillis());
            });
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(settings.host());
                connector.setPort(settings.port());
                connector.setIdleTimeout(settings.idleTimeout().toMillis());
                return connector;
            });
        });
        routes();
    }

    /** Starts listening; not ready until {@link #serve}. */
    public static ClaimmapServer start(ServerSettings settings, PrintStream log) {
        ClaimmapServer server = new ClaimmapServer(settings, log);
        server.app.start();
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
        metrics.keySourceHealth(this::keySourceHealth);
        if (!watchedRules.isEmpty()) {
            watcher = new RuleWatcher(watchedRules, next::reload);
        }
        warmKeys();
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    public boolean ready() {
        return live != null && keysLoaded && !draining;
    }

    /** For tests and embedding: the live validator, to reload on demand. */
    public LiveValidator live() {
        return live;
    }

    /** Stops taking new work, lets requests in flight finish (up to the drain timeout), then stops. Idempotent. */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        draining = true;
        if (watcher != null) {
            watcher.close();
        }
        background.shutdownNow();
        app.stop();
        stopped.countDown();
    }

    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop();
    }

    private void routes() {
        app.before(ctx -> ctx.attribute(START, System.nanoTime()));
        app.before("/v1/*", ctx -> {
            if (apiKey != null && !apiKey.matches(ApiKey.presented(ctx.header("Authorization"), ctx.header("X-API-Key")))) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new Problem(401, "Unauthorized", "this endpoint needs the API key, as Authorization: Bearer <key> or X-API-Key");
            }
        });
        app.post("/v1/validate", this::validate);
        app.get("/v1/rules", this::rules);
        app.get("/healthz", ctx -> ctx.contentType("text/plain").result("ok\n"));
        app.get("/readyz", ctx -> {
            if (!ready()) {
                throw new Problem(503, "Service Unavailable", draining ? "shutting down"
                        : live == null ? "rules are not compiled yet" : "key sources have not given keys yet");
            }
            ctx.contentType("text/plain").result("ready\n");
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.document()));
        app.exception(Problem.class, (problem, ctx) -> problem(ctx, problem));
        app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, new Problem(e.getStatus(),
                Problem.title(e.getStatus()), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> problem(ctx, new Problem(500, "Internal Server Error",
                "the request could not be handled (" + e.getClass().getSimpleName() + ")")));
        app.after(ctx -> {
            Long start = ctx.attribute(START);
            long nanos = start == null ? 0 : System.nanoTime() - start;
            // Label by route, never by raw path: paths are client-chosen and would make labels unbounded.
            String route = ctx.endpointHandlerPath();
            metrics.request(route.startsWith("/") && !route.contains(" ") ? route : "unmatched", ctx.statusCode(), nanos);
            accessLog.log(ctx.method().name(), ctx.path(), ctx.statusCode(), nanos, ctx.attribute("claimmap.verdict"));
        });
    }

    private void validate(Context ctx) throws IOException {
        LiveValidator current = live;
        if (current == null || draining) {
            throw new Problem(503, "Service Unavailable", draining ? "shutting down" : "rules are not compiled yet");
        }
        Validator validator = current.validator(); // read once: this request finishes on these rules
        Map<String, Object> body = readBody(ctx);
        Object token = body.get("token");
        Object saml = body.get("saml");
        if (token != null && saml != null) {
            throw Problem.badRequest("give either \"token\" or \"saml\", not both");
        }
        Object input = token != null ? token : saml;
        if (input == null) {
            throw Problem.badRequest("the body names no input: expected {\"token\": \"<compact JWT or token response>\"} "
                    + "or {\"saml\": \"<XML or base64>\"}");
        }
        if (!(input instanceof String text)) {
            throw Problem.badRequest("\"" + (token != null ? "token" : "saml") + "\" must be a string");
        }
        Purpose purpose = null;
        if (body.get("purpose") != null) {
            try {
                purpose = Purpose.fromLabel(String.valueOf(body.get("purpose")));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest(e.getMessage());
            }
        }
        boolean explain = Boolean.TRUE.equals(body.get("explain"));
        ValidationResult result = validator.validate(text, purpose, clock.get(), explain);
        metrics.verdict(result.verdict().label());
        ctx.attribute("claimmap.verdict", result.verdict().label());
        ctx.contentType("application/json").result(ResultJson.compact(result));
    }

    private Map<String, Object> readBody(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxBodyBytes()) {
            throw new Problem(413, "Content Too Large", "the body is over the " + settings.maxBodyBytes() + "-byte limit");
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) settings.maxBodyBytes() + 1); // settings cap the limit at 16 MiB
        }
        if (bytes.length > settings.maxBodyBytes()) {
            throw new Problem(413, "Content Too Large", "the body is over the " + settings.maxBodyBytes() + "-byte limit");
        }
        try {
            return StrictJson.parseObject(new String(bytes, StandardCharsets.UTF_8), "the body");
        } catch (MalformedInputException e) {
            throw Problem.badRequest(e.getMessage());
        }
    }

    private void rules(Context ctx) {
        LiveValidator current = live;
        if (current == null) {
            throw new Problem(503, "Service Unavailable", "rules are not compiled yet");
        }
        RuleSet rules = current.validator().config().rules();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("revision", rules.revision());
        root.put("loadedAt", rules.loadedAt().toString());
        ArrayNode packs = root.putArray("packs");
        for (RulePack pack : rules.packs()) {
            ObjectNode node = packs.addObject();
            node.put("name", pack.name());
            node.put("builtin", pack.builtin());
            pack.rules().forEach(node.putArray("rules")::add);
        }
        LiveValidator.ReloadError error = current.lastError();
        if (error == null) {
            root.putNull("lastReloadError");
        } else {
            ObjectNode node = root.putObject("lastReloadError");
            node.put("at", error.at().toString());
            ArrayNode problems = node.putArray("problems");
            for (RuleProblem problem : error.problems()) {
                ObjectNode p = problems.addObject();
                p.put("file", problem.file());
                p.put("line", problem.line());
                p.put("column", problem.column());
                p.put("severity", problem.severity().label());
                p.put("code", problem.code());
                p.put("message", problem.message());
            }
        }
        ctx.contentType("application/json").result(root.toString());
    }

    private void problem(Context ctx, Problem problem) {
        ctx.status(problem.status).contentType(Problem.CONTENT_TYPE).result(problem.json());
    }

    private void warmKeys() {
        Map<String, Boolean> health = keySourceHealth();
        keysLoaded = !health.containsValue(false);
        if (!keysLoaded && !background.isShutdown()) {
            background.schedule(this::warmKeys, 2, TimeUnit.SECONDS);
        }
    }

    private Map<String, Boolean> keySourceHealth() {
        Map<String, Boolean> health = new LinkedHashMap<>();
        LiveValidator current = live;
        if (current == null) {
            return health;
        }
        for (KeySource source : current.validator().config().keySources()) {
            try {
                health.put(source.description(), !source.all().isEmpty());
            } catch (Exception e) {
                health.put(source.description(), false);
            }
        }
        return health;
    }
}
