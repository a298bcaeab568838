package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeySourceSpec;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.claimmap.engine.testing.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow, oversized and broken clients over raw sockets, and what the log says about the server: each costs its own
 * request only, and every client error is a 4xx problem document.
 */
@Isolated("reads the JVM's one log: another test's server must not write in it")
class HardenedHttpTest {
    @TempDir
    static Path cache;
    static ServerFixture hook;
    static final String TOKEN = TestTokens.sign(claims().build());
    static final Duration BODY_TIMEOUT = Duration.ofMillis(300);

    @BeforeAll
    static void start() throws Exception {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, null, 1024, 4, 2, Duration.ofSeconds(30), BODY_TIMEOUT,
                Duration.ZERO, true);
        hook = ServerFixture.serving(settings, List.of(ServerFixture.trustedKeys()), cache, List.of());
    }

    @AfterAll
    static void stop() {
        hook.close();
    }

    /** Sends raw bytes and reads the answer until the server closes the connection (or 10 s pass). */
    private static String exchange(String request, boolean closeOutput) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", hook.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            return firstResponse(socket.getInputStream());
        }
    }

    private static String firstResponse(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
            text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            int headersEnd = text.indexOf("\r\n\r\n");
            if (headersEnd > 0) {
                int length = contentLength(text.substring(0, headersEnd));
                if (length >= 0 && text.length() >= headersEnd + 4 + length) {
                    break;
                }
            }
        }
        return text.toString();
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return -1;
    }

    private static void assertProblem(String response, int status, String detail) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"status\":" + status), response);
        assertTrue(response.contains(detail), response);
    }

    @Test
    void aSlowBodyCostsItsOwnRequestNotAThread() throws Exception {
        // More slow clients than request threads: none holds a thread while it trickles its body.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket("127.0.0.1", hook.server.port());
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"tok")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            assertEquals("pass", hook.validate(TOKEN).get("verdict").asText(), "served while 8 slow bodies wait");
            for (Socket socket : slow) {
                assertProblem(firstResponse(socket.getInputStream()), 408, "did not arrive in full within 300 ms");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void anAnnouncedBodyOverTheLimitIs413AtOnce() throws Exception {
        // Nothing of the body is sent: the answer cannot wait for it.
        assertProblem(exchange("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n", false), 413,
                "over the 1024-byte limit");
    }

    @Test
    void anEarlyEndOfBodyIs400() throws Exception {
        assertProblem(exchange("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"token\"", true), 400,
                "ended before it was complete");
    }

    @Test
    void malformedChunkedEncodingIs400() throws Exception {
        assertProblem(exchange("POST /v1/validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                false), 400, "chunked encoding is malformed");
    }

    @Test
    void aHugeChunkExtensionIsRefused() throws Exception {
        String extension = ";ext=" + "x".repeat(2 * 1024 * 1024);
        String response = exchange("POST /v1/validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2" + extension
                + "\r\n{}\r\n0\r\n\r\n", false);
        assertTrue(response.startsWith("HTTP/1.1 4"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        String chunk = "a".repeat(2000);
        assertProblem(exchange("POST /v1/validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n", false), 413, "over the 1024-byte limit");
    }

    @Test
    void aRequestJettyCannotParseIsAProblemToo() throws Exception {
        assertProblem(exchange("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", false), 400, "");
    }

    @Test
    void a500IsLoggedWithItsStackTraceButNotTheBody() throws Exception {
        KeySource broken = new KeySource("jwks broken", (selector, context) -> {
            throw new IllegalStateException("the key store is broken");
        }, false, null);
        ValidatorConfig config = ValidationSettings.builder().ruleCache(cache).build().validator().config();
        Validator validator = new Validator(new ValidatorConfig(List.of(broken), config.issuers(), config.audiences(),
                config.clockSkew(), config.contacts(), config.rules(), false));
        try (LogCapture log = new LogCapture();
             ServerFixture failing = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0))) {
            failing.server.serve(validator, () -> config.rules(), List.of(), () -> TestTokens.NOW);
            var response = failing.post("/v1/validate", "{\"token\":\"" + TOKEN + "\"}");
            assertEquals(500, response.statusCode(), response.body());
            assertEquals(Problem.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            String text = log.text();
            assertTrue(text.contains("\"message\":\"500 on POST /v1/validate: java.lang.IllegalStateException\""), text);
            assertTrue(text.contains("the key store is broken") && text.contains("\\tat "), "with its stack trace: " + text);
            assertTrue(!text.contains(TOKEN.substring(0, 20)), text);
        }
    }

    @Test
    void anUnreachableKeySourceIsNotReadyAndSaysWhy() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/keys";
        try (LogCapture log = new LogCapture();
             ServerFixture down = ServerFixture.serving(ServerSettings.defaults("127.0.0.1", 0),
                     List.of(KeySourceSpec.jwks(url)), cache, List.of())) {
            var readyz = down.get("/readyz");
            assertEquals(503, readyz.statusCode());
            JsonNode problem = ServerFixture.JSON.readTree(readyz.body());
            assertTrue(problem.get("detail").asText().startsWith("not ready: key source jwks " + url
                    + " has not given keys yet: "), problem.toString());
            String metrics = down.get("/metrics").body();
            assertTrue(metrics.contains("claimmap_key_source_up{source=\"jwks " + url + "\"} 0"), metrics);
            assertTrue(metrics.contains("claimmap_ready 0"), metrics);
            String text = log.text();
            assertTrue(text.contains("\"message\":\"key source down: jwks " + url), text);
            assertTrue(text.contains("\"message\":\"not ready: key source jwks " + url), text);
        }
    }

    @Test
    void startReadinessAndStopAreLogged() throws Exception {
        try (LogCapture log = new LogCapture()) {
            ServerFixture fixture = ServerFixture.serving(cache);
            int port = fixture.server.port();
            fixture.close();
            String text = log.text();
            assertTrue(text.contains("\"message\":\"listening on http://127.0.0.1:" + port + " (threads 32, validation threads "
                    + ServerSettings.DEFAULT_VALIDATION_THREADS + ", body limit 1048576 bytes within 5 s, drain 0 s, API key none, access log on stdout)\""), text);
            assertTrue(text.matches("(?s).*\"message\":\"ready: rules revision \\w{12}, 1 key source\\(s\\) read\".*"), text);
            assertTrue(text.contains("\"message\":\"not ready: shutting down\""), text);
            assertTrue(text.matches("(?s).*\"message\":\"stopped after \\d+ ms\".*"), text);
        }
    }

    @Test
    void stopClosesTheKeySources() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        class ClosingSource implements com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext>,
                java.io.Closeable {
            @Override
            public List<com.nimbusds.jose.jwk.JWK> get(com.nimbusds.jose.jwk.JWKSelector selector,
                                                       com.nimbusds.jose.proc.SecurityContext context) {
                return TestTokens.publicSet(TestTokens.rsaKey()).getKeys();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        ValidatorConfig config = ValidationSettings.builder().ruleCache(cache).build().validator().config();
        Validator validator = new Validator(new ValidatorConfig(List.of(new KeySource("jwks closing", new ClosingSource(),
                false, null)), config.issuers(), config.audiences(), config.clockSkew(), config.contacts(), config.rules(), false));
        ServerFixture fixture = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0));
        fixture.server.serve(validator, () -> config.rules(), List.of(), () -> TestTokens.NOW);
        assertEquals(200, fixture.get("/readyz").statusCode());
        assertTrue(!closed.get());
        fixture.close();
        assertTrue(closed.get(), "closed on stop: nimbus' background refresh must not outlive the server");
    }

    @Test
    void anEmptyWatchedRulesFolderServesTheBuiltInPacks() throws Exception {
        Path folder = Files.createTempDirectory(cache, "empty-rules");
        assertEquals(List.of(folder), RuleFolders.empty(List.of(folder)));
        ValidationSettings settings = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .rules(List.of(folder)).ruleCache(cache).build();
        try (ServerFixture fixture = ServerFixture.started(ServerSettings.defaults("127.0.0.1", 0))) {
            fixture.server.serve(RuleFolders.withRules(settings, List.of(folder)).validator(),
                    () -> RuleFolders.withRules(settings, List.of(folder)).loadRules(), List.of(folder), () -> TestTokens.NOW);
            assertEquals(200, fixture.get("/readyz").statusCode());
            JsonNode rules = ServerFixture.JSON.readTree(fixture.get("/v1/rules").body());
            assertTrue(rules.get("packs").size() > 0 && rules.at("/packs/0/builtin").asBoolean(), rules.toString());
            assertEquals("pass", fixture.validate(TOKEN).get("verdict").asText());
        }
    }
}
