package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimmap.engine.keys.KeySourceSpec;
import io.claimmap.engine.testing.LoopbackServer;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.claimmap.engine.testing.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint and status code of the hook, over real HTTP on an ephemeral loopback port. */
class ClaimmapServerTest {
    @TempDir
    static Path cache;
    static ServerFixture hook;
    static final String TOKEN = TestTokens.sign(claims().build());

    @BeforeAll
    static void start() throws Exception {
        hook = ServerFixture.serving(cache);
    }

    @AfterAll
    static void stop() {
        hook.close();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = ServerFixture.JSON.readTree(response.body());
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains(detail), problem.toString());
    }

    @Test
    void validateAnswersWithTheResultDocument() throws Exception {
        JsonNode result = hook.validate(TOKEN);
        assertEquals("pass", result.get("verdict").asText(), result.toString());
        assertEquals("00u1a2b3c4d5e6f7g8h9", result.at("/mapping/externalId").asText());
        assertEquals("jwt", result.at("/input/kind").asText());
    }

    @Test
    void aSamlMessageFailsClosedWhenOnlyOidcKeysAreConfigured() throws Exception {
        String saml = io.claimmap.engine.testing.TestSaml.signedAssertion(io.claimmap.engine.testing.TestSaml.assertion());
        HttpResponse<String> response = hook.post("/v1/validate", ServerFixture.JSON.createObjectNode().put("saml", saml).toString());
        JsonNode result = ServerFixture.JSON.readTree(response.body());
        assertEquals("fail", result.get("verdict").asText(), result.toString());
        assertTrue(result.toString().contains("\"code\":\"SIGNATURE_NOT_CHECKED\",\"severity\":\"error\""), result.toString());
    }

    @Test
    void aFailingTokenIsStill200() throws Exception {
        JsonNode result = hook.validate(TestTokens.sign(claims().expirationTime(java.util.Date.from(TestTokens.NOW.minusSeconds(3600))).build()));
        assertEquals("fail", result.get("verdict").asText());
        assertEquals("TOKEN_EXPIRED", result.at("/findings/0/code").asText());
        assertEquals("MALFORMED_INPUT", hook.validate("garbage").at("/findings/0/code").asText());
    }

    @Test
    void aTokenResponsePurposeAndExplainAreAccepted() throws Exception {
        String body = ServerFixture.JSON.createObjectNode()
                .put("token", "{\"id_token\":\"" + TestTokens.sign(claims().claim("name", "Grace Hopper").build()) + "\"}")
                .put("purpose", "agent").put("explain", true).toString();
        JsonNode result = ServerFixture.JSON.readTree(hook.post("/v1/validate", body).body());
        assertEquals("Grace Hopper", result.at("/mapping/qm/agentName").asText());
        assertEquals("QM_DEPARTMENT_MISSING", result.at("/findings/0/code").asText());
        assertTrue(result.get("trace").size() > 0);
        JsonNode fired = result.at("/trace/0");
        assertEquals("fired", fired.get("status").asText(), fired.toString());
        assertTrue(fired.get("rule").isTextual() && fired.get("pack").isTextual() && fired.get("matched").isArray()
                && fired.get("writes").isObject(), fired.toString());
    }

    @Test
    void badBodiesAre400Problems() throws Exception {
        assertProblem(hook.post("/v1/validate", "not json"), 400, "not valid JSON");
        assertProblem(hook.post("/v1/validate", "[1]"), 400, "not a JSON object");
        assertProblem(hook.post("/v1/validate", "{}"), 400, "names no input");
        assertProblem(hook.post("/v1/validate", "{\"token\":\"a\",\"saml\":\"b\"}"), 400, "not both");
        assertProblem(hook.post("/v1/validate", "{\"token\":42}"), 400, "must be a string");
        assertProblem(hook.post("/v1/validate", "{\"token\":\"a\",\"purpose\":\"robot\"}"), 400, "messaging or agent");
        assertProblem(hook.post("/v1/validate", "{\"token\":\"a\",\"token\":\"b\"}"), 400, "duplicate member");
    }

    @Test
    void aTokenInTheWrongMemberIsNotEchoedInTheProblem() throws Exception {
        HttpResponse<String> response = hook.post("/v1/validate", "{\"token\":\"" + TOKEN + "\",\"purpose\":\"" + TOKEN + "\"}");
        assertProblem(response, 400, "messaging or agent");
        assertTrue(!response.body().contains(TOKEN.substring(0, 20)), response.body());
    }

    @Test
    void anOversizedBodyIs413WithOrWithoutContentLength() throws Exception {
        String big = "{\"token\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
        assertProblem(hook.post("/v1/validate", big), 413, "over the 1048576-byte limit");
        HttpRequest.Builder chunked = HttpRequest.newBuilder(URI.create(hook.url("/v1/validate")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())));
        assertProblem(hook.send(chunked), 413, "over the 1048576-byte limit");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() throws Exception {
        assertProblem(hook.get("/v2/validate"), 404, "no endpoint at this path");
        HttpResponse<String> get = hook.get("/v1/validate");
        assertProblem(get, 405, "answers POST only");
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void aTokenInThePathReachesNeitherTheAccessLogNorThe404() throws Exception {
        HttpResponse<String> response = hook.get("/v1/" + TOKEN);
        assertProblem(response, 404, "");
        assertTrue(!response.body().contains(TOKEN.substring(0, 20)), response.body());
        String log = hook.accessLog.toString();
        assertTrue(log.contains("\"path\":\"/v1/{redacted}\",\"status\":404"), log);
        assertTrue(!log.contains(TOKEN.substring(0, 20)), log);
    }

    @Test
    void healthReadinessOpenApiAndRules() throws Exception {
        assertEquals(200, hook.get("/healthz").statusCode());
        HttpResponse<String> ready = hook.get("/readyz");
        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().matches("ready: rules revision \\w{12}, 1 key source\\(s\\) read\n"), ready.body());
        JsonNode openapi = ServerFixture.JSON.readTree(hook.get("/openapi.json").body());
        assertEquals("3.0.3", openapi.get("openapi").asText());
        assertTrue(openapi.at("/paths/~1v1~1validate/post").isObject());
        JsonNode rules = ServerFixture.JSON.readTree(hook.get("/v1/rules").body());
        assertEquals(12, rules.get("revision").asText().length());
        assertEquals("oidc", rules.at("/packs/0/name").asText());
        assertTrue(rules.get("lastReloadError").isNull());
        assertTrue(rules.has("loadedAt"));
    }

    @Test
    void metricsCountRequestsVerdictsLatencyReloadsAndKeySources() throws Exception {
        hook.validate(TOKEN);
        String metrics = hook.get("/metrics").body();
        assertTrue(metrics.contains("claimmap_requests_total{route=\"/v1/validate\",status=\"200\"}"), metrics);
        assertTrue(metrics.matches("(?s).*claimmap_validations_total\\{verdict=\"pass\"} [1-9].*"), metrics);
        assertTrue(metrics.contains("claimmap_request_duration_seconds_bucket{route=\"/v1/validate\",le=\"0.001\"}"), metrics);
        assertTrue(metrics.contains("claimmap_request_duration_seconds_bucket{route=\"/v1/validate\",le=\"+Inf\"}"), metrics);
        // (a sample may be written 5.6E-4: a _sum of requests under a millisecond in all)
        assertTrue(!metrics.matches("(?s).*le=\"[^\"]*E-.*"), "no exponent in a label: " + metrics);
        assertTrue(metrics.contains("claimmap_rule_reloads_total{result=\"failure\"} 0"), metrics);
        assertTrue(metrics.matches("(?s).*claimmap_key_source_up\\{source=\"jwks [^\"]+\"} 1.*"), metrics);
        assertTrue(metrics.contains("claimmap_ready 1"), metrics);
        // The rule evaluation counts are the process's (other tests may have run rules over their budget).
        for (String name : List.of("claimmap_rule_budget_exceeded_total ", "claimmap_rule_failures_total ",
                "claimmap_rule_evaluations_runaway ", "claimmap_decision_log_dropped_total 0",
                "claimmap_http_rejected_total 0", "claimmap_http_threads{state=\"busy\"}", "claimmap_http_threads_max 32",
                "claimmap_http_queue_size", "claimmap_http_queue_capacity 2048", "claimmap_jvm_memory_used_bytes",
                "claimmap_jvm_threads_current", "claimmap_jvm_gc_collection_seconds", "claimmap_process_cpu_seconds_total",
                "claimmap_process_resident_memory_bytes",
                "claimmap_validation_threads " + ServerSettings.DEFAULT_VALIDATION_THREADS,
                "claimmap_validations_waiting ", "claimmap_validations_on_request_thread_total ")) {
            assertTrue(metrics.contains(name), name + " in " + metrics);
        }
        for (String line : metrics.split("\n")) {
            String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
            assertTrue(line.isEmpty() || name.startsWith("claimmap_"), "every metric name starts with claimmap_: " + line);
        }
    }

    @Test
    void theAccessLogNeverHoldsTheToken() throws Exception {
        hook.validate(TOKEN);
        String log = hook.accessLog.toString();
        assertTrue(log.contains("\"path\":\"/v1/validate\",\"status\":200"), log);
        assertTrue(!log.contains(TOKEN.substring(0, 20)) && !log.contains("00u1a2b3c4d5e6f7g8h9"), log);
    }

    @Test
    void notReadyUntilServing() throws Exception {
        try (ServerFixture idle = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0))) {
            assertEquals(200, idle.get("/healthz").statusCode());
            assertProblem(idle.get("/readyz"), 503, "not ready: rules are not compiled yet");
            assertProblem(idle.post("/v1/validate", "{\"token\":\"a\"}"), 503, "not compiled");
        }
    }

    @Test
    void anApiKeyIsRequiredWhenConfigured() throws Exception {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, "s3cret-key-for-tests", 1024 * 1024, 8, 0,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ZERO, false);
        try (ServerFixture locked = ServerFixture.serving(settings, List.of(ServerFixture.trustedKeys()), cache, List.of())) {
            String body = "{\"token\":\"" + TOKEN + "\"}";
            HttpRequest.Builder anonymous = HttpRequest.newBuilder(URI.create(locked.url("/v1/validate")))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> missing = locked.send(anonymous);
            assertProblem(missing, 401, "needs the API key");
            assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));
            assertProblem(locked.send(HttpRequest.newBuilder(URI.create(locked.url("/v1/validate")))
                    .header("Authorization", "Bearer wrong-key-wrong-key").POST(HttpRequest.BodyPublishers.ofString(body))), 401, "");
            assertEquals(200, locked.send(HttpRequest.newBuilder(URI.create(locked.url("/v1/validate")))
                    .header("X-API-Key", "s3cret-key-for-tests").POST(HttpRequest.BodyPublishers.ofString(body))).statusCode());
            assertEquals(200, locked.post("/v1/validate", body).statusCode());
            assertEquals(200, locked.send(HttpRequest.newBuilder(URI.create(locked.url("/healthz"))).GET()).statusCode());
        }
    }

    @Test
    void aKeySourceThatGoesDownAfterWarmUpKeepsServingItsLastKeys() throws Exception {
        LoopbackServer jwks = new LoopbackServer().serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString());
        try (ServerFixture remote = ServerFixture.serving(ServerSettings.defaults("127.0.0.1", 0),
                List.of(KeySourceSpec.jwks(jwks.url("/keys"))), cache, List.of())) {
            assertEquals(200, remote.get("/readyz").statusCode());
            assertEquals("pass", remote.validate(TOKEN).get("verdict").asText());
            jwks.close();
            assertEquals("pass", remote.validate(TOKEN).get("verdict").asText());
            assertEquals(200, remote.get("/readyz").statusCode());
        }
    }

    /** Between fetches nimbus' rate limiter refuses with no message of its own: the finding names the last failure. */
    @Test
    void anUnreachableKeySourceSaysWhyOnEveryRequest() throws Exception {
        LoopbackServer gone = new LoopbackServer();
        String url = gone.url("/keys");
        gone.close();
        try (ServerFixture remote = ServerFixture.serving(ServerSettings.defaults("127.0.0.1", 0),
                List.of(KeySourceSpec.jwks(url)), cache, List.of())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!remote.get("/readyz").body().contains("Connection refused") && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the warm-up's first fetch has failed and said why
            }
            for (int i = 0; i < 3; i++) {
                JsonNode result = remote.validate(TOKEN);
                String message = null;
                for (JsonNode finding : result.get("findings")) {
                    if (finding.get("code").asText().equals("KEYS_UNAVAILABLE")) {
                        message = finding.get("message").asText();
                    }
                }
                assertTrue(message != null && message.contains("Connection refused") && !message.contains("null"),
                        result.toString());
            }
        }
    }

    @Test
    void whileDrainingAClientMayPauseForTheDrainTimeoutNotJettysSecond() throws Exception {
        // Jetty lowers every connection's idle timeout to 1 s when a stop begins: a request in flight whose client
        // paused longer while sending its body was cut with a 400 in the middle of the drain (ServeProcessTest).
        try (ServerFixture draining = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0)
                .withDrainTimeout(Duration.ofSeconds(10)))) {
            assertEquals(10_000, draining.server.connector().getShutdownIdleTimeout());
        }
        try (ServerFixture longDrain = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0)
                .withDrainTimeout(Duration.ofMinutes(5)))) {
            assertEquals(30_000, longDrain.server.connector().getShutdownIdleTimeout(), "at most the idle timeout");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(20) // without the sweep of idle connections, this stop takes the 10-minute drain
    void idleKeptAliveConnectionsDoNotHoldTheStop() throws Exception {
        // A pooling client's idle connection, and one whose client keeps its end open after "Connection: close":
        // Jetty waited for both until the shutdown idle timeout, the drain timeout, with nothing in flight.
        ServerFixture fixture = ServerFixture.serving(ServerSettings.defaults("127.0.0.1", 0)
                .withDrainTimeout(Duration.ofMinutes(10)), List.of(ServerFixture.trustedKeys()), cache, List.of());
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", fixture.server.port());
             java.net.Socket closing = new java.net.Socket("127.0.0.1", fixture.server.port())) {
            idle.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(new String(idle.getInputStream().readNBytes(15), java.nio.charset.StandardCharsets.US_ASCII)
                    .startsWith("HTTP/1.1 200"));
            closing.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(new String(closing.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .startsWith("HTTP/1.1 200")); // the server's end is closed; ours stays open
            fixture.close();
            idle.setSoTimeout(10_000);
            idle.getInputStream().readAllBytes(); // the rest of the answer, then the end: the stop closed it (else a timeout)
        }
    }

    @Test
    void aSilentClientIsCutOffAfterTheIdleTimeout() throws Exception {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, null, 1024 * 1024, 8, 0, Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ZERO, false);
        try (ServerFixture slow = ServerFixture.serving(settings, List.of(ServerFixture.trustedKeys()), cache, List.of());
             java.net.Socket socket = new java.net.Socket("127.0.0.1", slow.server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"tok"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            byte[] answer = socket.getInputStream().readAllBytes(); // returns when the server closes the connection
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited < 5_000, "closed after " + waited + " ms");
            String text = new String(answer, java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(text.isEmpty() || !text.startsWith("HTTP/1.1 200"), text);
        }
    }
}
