package io.claimmap.server;

import io.claimmap.engine.Purpose;
import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.Validator;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every route of the hook, registered in {@link #register}: the one place to read (and to extend) what the server
 * answers. Handlers turn HTTP into engine calls and back; they own no validation logic.
 */
final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimmapServer.class);
    static final String VERDICT = "claimmap.verdict";

    private final ClaimmapServer server;
    private final ServerSettings settings;
    private final ApiKey apiKey;
    private final ValidationWorkers workers;
    private final BodyBudget budget;

    Routes(ClaimmapServer server, ServerSettings settings, ValidationWorkers workers) {
        this.server = server;
        this.settings = settings;
        this.apiKey = settings.apiKey() == null ? null : new ApiKey(settings.apiKey());
        this.workers = workers;
        this.budget = BodyBudget.forHeap(settings.maxBodyBytes());
    }

    void register(Javalin app) {
        app.before("/v1/*", this::authorize);
        app.post("/v1/validate", this::validate);
        app.get("/v1/rules", this::rules);
        app.get("/healthz", ctx -> ctx.contentType("text/plain").result("ok\n"));
        app.get("/readyz", this::readyz);
        app.get("/metrics", ctx -> ctx.contentType(server.metrics().contentType()).result(server.metrics().scrape()));
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.document()));

        app.exception(Problem.class, (problem, ctx) -> problem(ctx, problem));
        app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, frameworkProblem(app, ctx, e)));
        app.exception(CompletionException.class, (e, ctx) -> unexpected(app, ctx, e.getCause() == null ? e : e.getCause()));
        app.exception(Exception.class, (e, ctx) -> unexpected(app, ctx, e));
    }

    private void authorize(Context ctx) {
        if (apiKey != null && !apiKey.matches(ApiKey.presented(ctx.header("Authorization"), ctx.header("X-API-Key")))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new Problem(401, "Unauthorized", "this endpoint needs the API key, as Authorization: Bearer <key> or X-API-Key");
        }
    }

    private void readyz(Context ctx) {
        ClaimmapServer.Readiness readiness = server.readiness();
        if (!readiness.ready()) {
            throw new Problem(503, "Service Unavailable", "not ready: " + readiness.reason());
        }
        ctx.contentType("text/plain").result("ready: " + readiness.reason() + "\n");
    }

    private void rules(Context ctx) {
        LiveValidator live = server.live();
        if (live == null) {
            throw new Problem(503, "Service Unavailable", "rules are not compiled yet");
        }
        ctx.contentType("application/json").result(RulesDocument.of(live));
    }

    /**
     * Checks the announced size at once. A body that arrived with the headers (the usual case) is read at once;
     * any other is read off the request thread (see {@link BodyReader}) and validated on the thread that completes it.
     */
    private void validate(Context ctx) {
        LiveValidator live = server.live();
        if (live == null || server.draining()) {
            throw new Problem(503, "Service Unavailable", server.readiness().reason());
        }
        Validator validator = live.validator(); // read once: this request finishes on these rules
        if (ctx.req().getContentLengthLong() > settings.maxBodyBytes()) {
            ctx.header("Connection", "close");
            throw BodyReader.tooLarge(settings.maxBodyBytes());
        }
        ServletInputStream in;
        long announced = ctx.req().getContentLengthLong();
        try {
            in = ctx.req().getInputStream();
            // The common case: a small body that came with the headers. Read it here, without going asynchronous.
            if (announced >= 0 && announced <= BodyBudget.SMALL && in.available() >= announced) {
                answer(ctx, validator, in.readNBytes((int) announced));
                return;
            }
        } catch (IOException e) {
            throw BodyReader.clientError(e);
        }
        Supplier<CompletableFuture<Void>> readAndAnswer = () -> BodyReader.read(in, settings.maxBodyBytes(),
                settings.bodyTimeout(), server.timer()).thenAccept(body -> answer(ctx, validator, body));
        ctx.future(announced <= BodyBudget.SMALL ? readAndAnswer : () -> withinBudget(ctx, announced, readAndAnswer));
    }

    /**
     * Runs {@code work} (reading, parsing and validating a large body) once the {@link BodyBudget} has room for
     * {@code size} bytes; until then the body waits in the connection. No room within the body timeout is a 503.
     */
    private CompletableFuture<Void> withinBudget(Context ctx, long size, Supplier<CompletableFuture<Void>> work) {
        BodyBudget.Waiter waiter = budget.reserve(size);
        ScheduledFuture<?> timeout = server.timer().schedule(() -> {
            if (budget.cancel(waiter)) {
                ctx.header("Connection", "close"); // the body is not read
                waiter.granted.completeExceptionally(new Problem(503, "Service Unavailable", "too many large "
                        + "bodies are being validated at once: this one could not start within "
                        + BodyReader.describe(settings.bodyTimeout()) + "; try again"));
            }
        }, settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return waiter.granted.thenCompose(bytes -> {
            timeout.cancel(false);
            CompletableFuture<Void> done;
            try {
                done = work.get();
            } catch (RuntimeException e) {
                budget.release(bytes);
                throw e;
            }
            return done.whenComplete((result, error) -> budget.release(bytes));
        });
    }

    private void answer(Context ctx, Validator validator, byte[] bytes) {
        Map<String, Object> body;
        try {
            body = StrictJson.parseObject(new String(bytes, StandardCharsets.UTF_8), "the body");
        } catch (MalformedInputException e) {
            throw Problem.badRequest(e.getMessage());
        }
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
        io.claimmap.engine.facts.Facts[] seen = new io.claimmap.engine.facts.Facts[1];
        ValidationRequest request = ValidationRequest.of(text, purpose, server.clock().get(), explain);
        ValidationResult result = workers.run(() -> validator.validate(request, facts -> seen[0] = facts));
        DecisionLog log = server.decisionLog();
        if (log != null) {
            log.record(server.clock().get(), validator.config().rules().revision(), result,
                    seen[0] == null ? purpose : Purpose.fromLabel(seen[0].token().getPurpose()), seen[0]);
        }
        server.metrics().verdict(result.verdict().label());
        ctx.attribute(VERDICT, result.verdict().label());
        ctx.contentType("application/json").result(ResultJson.compactBytes(result));
    }

    /** Javalin's own answers (404, 405, ...), never echoing the path: a client may have put a token in it. */
    private static Problem frameworkProblem(Javalin app, Context ctx, HttpResponseException e) {
        int status = e.getStatus();
        return switch (status) {
            case 404 -> new Problem(404, "Not Found", "no endpoint at this path; the endpoints are listed at /openapi.json");
            case 405 -> {
                String allowed = app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                        .filter(endpoint -> endpoint.getEndpoint().getPath().equals(ctx.path()) && isMethod(endpoint.getEndpoint().getMethod()))
                        .map(endpoint -> endpoint.getEndpoint().getMethod().name()).sorted().collect(Collectors.joining(", "));
                ctx.header("Allow", allowed);
                yield new Problem(405, "Method Not Allowed", "this endpoint answers " + allowed + " only");
            }
            default -> new Problem(status, Problem.title(status), e.getMessage());
        };
    }

    static boolean isMethod(HandlerType type) {
        return type.isHttpMethod();
    }

    /** A 4xx when it is the client's doing; else a 500, logged with its stack trace (never the request body). */
    private void unexpected(Javalin app, Context ctx, Throwable e) {
        if (e instanceof Problem problem) {
            problem(ctx, problem);
            return;
        }
        if (e instanceof HttpResponseException response) {
            problem(ctx, frameworkProblem(app, ctx, response));
            return;
        }
        LOG.atError().setCause(e).addKeyValue("method", ctx.method().name()).addKeyValue("route", AccessLog.route(ctx))
                .log("500 on {} {}: {}", ctx.method().name(), AccessLog.route(ctx), e.getClass().getName());
        problem(ctx, new Problem(500, "Internal Server Error",
                "the request could not be handled (" + e.getClass().getSimpleName() + ")"));
    }

    private static void problem(Context ctx, Problem problem) {
        if (problem.status == 408 || problem.status == 413) {
            ctx.header("Connection", "close"); // the rest of the body is not read
        }
        ctx.status(problem.status).contentType(Problem.CONTENT_TYPE).result(problem.json());
    }
}
