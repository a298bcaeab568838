package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.Inspection;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.input.UntrustedText;
import io.claimmap.engine.result.GenesysPrediction;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.PredictionText;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RuleCompilationException;
import io.claimmap.engine.rules.RuleProblem;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code serve --ui}: one static page at {@code /} and the endpoint it calls, {@code POST /v1/playground/run}, which
 * validates a pasted input with the server's own keys and rules (plus, optionally, a scratch rule compiled for that
 * request only) and answers the result, the facts the rules saw and the rule trace. Nothing is stored: the scratch
 * rule lives in the compiled-rule cache (by content hash) and in a small in-memory cache, never in the served rules.
 */
public final class Playground {
    /** The page's Content-Security-Policy: nothing but this server, no inline script or style, no framing. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    /** The largest scratch rule text accepted. */
    public static final int MAX_SCRATCH_CHARS = 64 * 1024;
    /** The scratch rule's file name in compile errors. */
    public static final String SCRATCH_ORIGIN = "scratch.drl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Playground.class);
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html",
            "/playground.js", "playground.js",
            "/playground.css", "playground.css",
            "/favicon.svg", "favicon.svg");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final java.util.regex.Pattern LOOPBACK_V4 = java.util.regex.Pattern.compile("127(\\.\\d{1,3}){3}");

    /** Compiles the active rule sources plus one scratch source into a rule set of its own. */
    @FunctionalInterface
    public interface ScratchRules {
        RuleSet compile(RuleSource scratch) throws RuleCompilationException, IOException;

        /** The scratch source compiled with the rules of {@code active}, the set that serves. */
        default RuleSet compile(RuleSet active, RuleSource scratch) throws RuleCompilationException, IOException {
            return compile(scratch);
        }
    }

    private final boolean allowRemote;
    private long maxBodyBytes = ServerSettings.DEFAULT_MAX_BODY_BYTES;
    private final ScratchRules scratchRules;
    private final Duration compileTimeout;
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    // One scratch compilation at a time: compiling is CPU-heavy, and the page is one person's tool.
    private final Semaphore compiling = new Semaphore(1);
    private final ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "claimmap-scratch-compiler");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, RuleSet> recent = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RuleSet> eldest) {
            return size() > 4;
        }
    };

    /**
     * @param allowRemote    serve to any Host (the caller makes sure an API key guards {@code /v1/*}); else only to
     *                       requests addressed to a loopback name, which also defeats DNS rebinding
     * @param scratchRules   how to compile a scratch rule with the active rules
     * @param compileTimeout how long a scratch compilation may take before the request gives up on it
     */
    public Playground(boolean allowRemote, ScratchRules scratchRules, Duration compileTimeout) {
        this.allowRemote = allowRemote;
        this.scratchRules = scratchRules;
        this.compileTimeout = compileTimeout;
        for (String name : STATIC.values()) {
            try (InputStream in = Playground.class.getResourceAsStream("/playground/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the playground resource " + name + " is missing from the jar");
                }
                resources.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Scratch rules compiled as {@code settings} compile theirs: the same rule files, packs and cache, plus one. */
    public static ScratchRules scratchRules(ValidationSettings settings) {
        return new ScratchRules() {
            @Override
            public RuleSet compile(RuleSource scratch) throws RuleCompilationException, IOException {
                List<RuleSource> sources = new ArrayList<>();
                for (Path path : settings.rules()) {
                    sources.addAll(RuleSource.read(path));
                }
                return compile(sources, scratch);
            }

            /**
             * With the sources the serving rules were compiled from, not the files as they are now: an edit that does
             * not compile (the last good rules still serve) or that is not loaded yet does not change what a scratch
             * rule runs with.
             */
            @Override
            public RuleSet compile(RuleSet active, RuleSource scratch) throws RuleCompilationException, IOException {
                return compile(new ArrayList<>(active.userSources()), scratch);
            }

            private RuleSet compile(List<RuleSource> sources, RuleSource scratch) throws RuleCompilationException, IOException {
                sources.add(scratch);
                Path cache = settings.ruleCache() == null ? RuleSetLoader.defaultCacheDir() : settings.ruleCache();
                return new RuleSetLoader(cache).load(settings.builtinRules(), sources).withBudget(settings.budget());
            }
        };
    }

    /** Whether a host name or address is a loopback one ({@code --ui} without {@code --ui-allow-remote} needs it). */
    public static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
    }

    /**
     * The body of a run is read as {@code /v1/validate} reads a slow one ({@link BodyReader}): off the request thread
     * and within {@code bodyTimeout} (else 408), so a slow client costs its own request, not a thread for the idle
     * timeout.
     */
    void routes(Javalin app, Supplier<Validator> validator, Supplier<Instant> clock, Duration bodyTimeout,
            ScheduledExecutorService timer) {
        maxBodyBytes = app.unsafeConfig().http.maxRequestSize;
        STATIC.forEach((path, name) -> app.get(path, ctx -> page(ctx, name)));
        app.before("/v1/playground/*", this::guard);
        app.post("/v1/playground/run", ctx -> {
            Validator current = validator.get();
            Instant now = clock.get();
            if (current == null) {
                throw new Problem(503, "Service Unavailable", "rules are not compiled yet");
            }
            if (ctx.req().getContentLengthLong() > maxBodyBytes) {
                ctx.header("Connection", "close");
                throw BodyReader.tooLarge(maxBodyBytes);
            }
            ServletInputStream in;
            try {
                in = ctx.req().getInputStream();
            } catch (IOException e) {
                throw BodyReader.clientError(e);
            }
            ctx.future(() -> BodyReader.read(in, maxBodyBytes, bodyTimeout, timer).thenAccept(bytes -> {
                try {
                    run(ctx, current, now, bytes);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        });
    }

    void close() {
        compiler.shutdownNow();
    }

    private void page(Context ctx, String name) {
        guardHost(ctx);
        String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".svg") ? "image/svg+xml" : "text/css; charset=utf-8";
        securityHeaders(ctx);
        ctx.contentType(type).result(resources.get(name));
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    }

    /**
     * The run endpoint compiles and runs code a caller writes, so only the page itself may call it: a request
     * addressed to a loopback name (unless remote use is allowed), from no other origin, with a JSON body (which a
     * cross-site form cannot send without a CORS preflight this server never grants).
     */
    private void guard(Context ctx) {
        if (ctx.method() != io.javalin.http.HandlerType.POST) {
            return; // nothing to guard: another method is a 405 (with Allow), as on every other route
        }
        guardHost(ctx);
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host) && !origin.equalsIgnoreCase("https://" + host)) {
            throw new Problem(403, "Forbidden", "the playground answers only its own page (Origin " + origin + ")");
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new Problem(403, "Forbidden", "the playground answers only its own page (Sec-Fetch-Site " + site + ")");
        }
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, "Unsupported Media Type", "send the body as application/json");
        }
    }

    private void guardHost(Context ctx) {
        if (allowRemote) {
            return;
        }
        String host = ctx.header("Host");
        String name = host == null ? "" : host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        // 127.x.y.z as an address only: a name such as 127.rebind.evil.example may resolve to loopback too (DNS rebinding).
        if (!LOOPBACK_HOSTS.contains(name.toLowerCase(Locale.ROOT)) && !LOOPBACK_V4.matcher(name).matches()) {
            throw new Problem(403, "Forbidden", "the playground is served on loopback only; open it as "
                    + "http://127.0.0.1:PORT/, or start the server with --ui-allow-remote and an API key");
        }
    }

    private void run(Context ctx, Validator validator, Instant now, byte[] bytes) throws Exception {
        Map<String, Object> body;
        try {
            body = StrictJson.parseObject(new String(bytes, StandardCharsets.UTF_8), "the body");
        } catch (MalformedInputException e) {
            throw Problem.badRequest(e.getMessage());
        }
        if (!(body.get("input") instanceof String input) || input.isBlank()) {
            throw Problem.badRequest("paste a token, a token response or a SAML message into \"input\"");
        }
        Purpose purpose = null;
        Object label = body.get("purpose");
        if (label != null && !"".equals(label) && !"default".equals(label)) {
            try {
                purpose = Purpose.fromLabel(String.valueOf(label));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest(e.getMessage());
            }
        }
        Object scratch = body.get("scratch");
        if (scratch != null && !(scratch instanceof String)) {
            throw Problem.badRequest("\"scratch\" must be a string of DRL");
        }
        ValidationRequest request = ValidationRequest.of(input, purpose, now, true);
        ObjectNode answer = MAPPER.createObjectNode();
        RuleSet active = validator.config().rules();
        ObjectNode rules = answer.putObject("rules");
        rules.put("revision", active.revision());
        String scratchText = scratch == null ? "" : (String) scratch;
        if (!scratchText.isBlank()) {
            RuleSet withScratch;
            try {
                withScratch = compileScratch(scratchText, active);
            } catch (RuleCompilationException e) {
                rules.put("scratch", "error");
                ArrayNode problems = answer.putArray("problems");
                for (RuleProblem problem : e.problems()) {
                    ObjectNode p = problems.addObject();
                    p.put("file", problem.file());
                    p.put("scratch", SCRATCH_ORIGIN.equals(problem.file()));
                    p.put("line", problem.line());
                    p.put("column", problem.column());
                    p.put("severity", problem.severity().label());
                    p.put("code", problem.code());
                    p.put("message", problem.message());
                }
                answer.set("claims", claims(validator.inspect(request)));
                ctx.contentType("application/json").result(answer.toString());
                return;
            }
            rules.put("scratch", "compiled");
            rules.put("revision", withScratch.revision());
            validator = validator.withRules(withScratch);
        }
        ValidationResult result = validator.validate(request);
        answer.set("result", MAPPER.readTree(ResultJson.compact(result)));
        answer.set("claims", claims(validator.inspect(request)));
        if (result.genesys() != null) {
            ArrayNode lines = answer.putArray("genesysText");
            genesysText(result).forEach(lines::add);
        }
        ctx.contentType("application/json").result(answer.toString());
    }

    private RuleSet compileScratch(String text, RuleSet active) throws Exception {
        if (text.length() > MAX_SCRATCH_CHARS) {
            throw new Problem(413, "Content Too Large", "the scratch rule is over " + MAX_SCRATCH_CHARS + " characters");
        }
        String key = active.revision() + "\u0000" + text;
        synchronized (recent) {
            RuleSet known = recent.get(key);
            if (known != null) {
                return known;
            }
        }
        if (!compiling.tryAcquire(compileTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new Problem(503, "Service Unavailable", "another scratch rule is compiling; try again");
        }
        Future<RuleSet> job;
        try {
            job = compiler.submit(() -> {
                try {
                    return scratchRules.compile(active, new RuleSource(SCRATCH_ORIGIN, text));
                } finally {
                    compiling.release();
                }
            });
        } catch (RuntimeException e) {
            compiling.release();
            throw e;
        }
        RuleSet compiled;
        try {
            compiled = job.get(compileTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            throw new Problem(503, "Service Unavailable", "the scratch rule took over " + compileTimeout.toSeconds()
                    + " s to compile");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuleCompilationException compile) {
                throw compile;
            }
            // A 5xx is logged with its stack trace, as every other one (never the scratch rule or the input).
            LOG.atError().setCause(e.getCause()).addKeyValue("method", "POST").addKeyValue("route", "/v1/playground/run")
                    .log("500 on POST /v1/playground/run: {}", e.getCause().getClass().getName());
            if (e.getCause() instanceof IOException io) {
                throw new Problem(500, "Internal Server Error", "the rules could not be read: " + io.getMessage());
            }
            throw new Problem(500, "Internal Server Error", "the scratch rule could not be compiled ("
                    + e.getCause().getClass().getSimpleName() + ")");
        }
        synchronized (recent) {
            recent.put(key, compiled);
        }
        return compiled;
    }

    /** The facts the rules see, as {@code claimmap claims --format json} gives them (contract §7). */
    static JsonNode claims(Inspection inspection) {
        return ResultJson.facts(inspection);
    }

    /**
     * The Genesys prediction as {@code validate} prints it, untrusted values escaped: the contact for messaging, the
     * user (with {@code --genesys}) for an agent.
     */
    static List<String> genesysText(ValidationResult result) {
        GenesysPrediction genesys = result.genesys();
        List<String> lines = new ArrayList<>();
        GenesysPrediction.ContactPrediction contact = genesys.contact();
        if (contact != null) {
            String found = PredictionText.contact(result, "start the server with --contacts or --genesys to predict it");
            lines.add("looks up \"" + UntrustedText.escape(genesys.lookupValue()) + "\" (the literal sub)");
            lines.add("contact " + UntrustedText.escape(found));
        }
        GenesysPrediction.UserPrediction user = genesys.user();
        if (user != null) {
            lines.add("user " + UntrustedText.escape(PredictionText.user(user)));
            if (user.found()) {
                lines.add("name " + UntrustedText.escape(user.name() == null ? "(none: QM shows \"Anonymous\")" : user.name()));
                lines.add("department " + UntrustedText.escape(user.department() == null ? "(none)" : user.department()));
            }
        }
        return lines;
    }
}
