package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimmap.engine.testing.SharedRuleCache;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve --ui} over real HTTP: the page and its headers, the run endpoint, scratch rules and the guards. */
class PlaygroundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "playground-test-key-0123456789";
    private static final String SCRATCH = """
            package scratch;

            import io.claimmap.engine.facts.*;

            global MappingDraft mapping;

            rule "scratch: externalId is the email address"
            when
                Claim( name == "email", $email : value )
            then
                mapping.setExternalId( $email );
            end
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ClaimmapServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start(boolean ui, boolean allowRemote, String apiKey) throws Exception {
        start(ui, allowRemote, apiKey, null, Duration.ofSeconds(120));
    }

    private void start(boolean ui, boolean allowRemote, String apiKey, Playground.ScratchRules scratch, Duration timeout)
            throws Exception {
        ServerSettings defaults = ServerSettings.defaults("127.0.0.1", 0);
        start(new ServerSettings(defaults.host(), 0, apiKey, defaults.maxBodyBytes(), defaults.maxThreads(),
                defaults.validationThreads(), defaults.idleTimeout(), defaults.bodyTimeout(), defaults.drainTimeout(), false),
                ui, allowRemote, scratch, timeout);
    }

    private void start(ServerSettings settings, boolean ui, boolean allowRemote, Playground.ScratchRules scratch,
            Duration timeout) throws Exception {
        ValidationSettings validation = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .ruleCache(SharedRuleCache.dir()).build();
        Playground playground = ui ? new Playground(allowRemote, scratch != null ? scratch : Playground.scratchRules(validation),
                timeout) : null;
        server = ClaimmapServer.start(settings, new PrintStream(new ByteArrayOutputStream()), playground);
        server.serve(validation.validator(), validation::loadRules, List.of(), () -> TestTokens.NOW);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> run(String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/v1/playground/run")))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String input, String scratch) {
        var node = JSON.createObjectNode().put("input", input);
        if (scratch != null) {
            node.put("scratch", scratch);
        }
        return node.toString();
    }

    private static String token() {
        return TestTokens.sign(TestTokens.claims().claim("email", "ada@example.com").build());
    }

    @Test
    void thePageAndItsFilesComeWithAStrictContentSecurityPolicy() throws Exception {
        start(true, false, null);
        for (String path : List.of("/", "/playground.js", "/playground.css", "/favicon.svg")) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode(), path);
            assertEquals(Playground.CSP, page.headers().firstValue("Content-Security-Policy").orElseThrow(), path);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
            assertFalse(page.body().replace("http://www.w3.org/2000/svg", "").matches("(?s).*https?://.*"),
                    path + " names no other site");
        }
        assertTrue(Playground.CSP.startsWith("default-src 'self'; script-src 'self'; "));
        assertFalse(Playground.CSP.contains("unsafe"), "no inline script or style, no eval");
        String html = get("/").body();
        assertTrue(get("/").headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "no inline script");
        assertFalse(Pattern.compile("\\s(style|on[a-z]+)=").matcher(html).find(), "no inline style or event handler attributes");
        for (String hook : List.of("input", "run", "verdict", "findings", "externalId")) {
            assertTrue(html.contains("data-testid=\"" + hook + "\""), hook);
        }
        assertTrue(get("/playground.js").headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
    }

    @Test
    void aTokenThatDoesNotVerifyIsSaidNotToBeLookedUp() throws Exception {
        start(true, false, null);
        String token = token();
        int at = token.lastIndexOf('.') + 10;
        String forged = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        HttpResponse<String> response = run(body(forged, null));
        JsonNode answer = JSON.readTree(response.body());
        assertEquals("SIGNATURE_INVALID", answer.at("/result/findings/0/code").asText(), response.body());
        assertEquals("contact not checked (the input is not verified: nothing is looked up for it)",
                answer.at("/genesysText/1").asText(), response.body());
    }

    @Test
    void withoutUiThereIsNoPage() throws Exception {
        start(false, false, null);
        assertEquals(404, get("/").statusCode());
        assertEquals(404, run(body(token(), null)).statusCode());
    }

    @Test
    void runAnswersTheResultWithItsTraceTheClaimsAndTheGenesysLine() throws Exception {
        start(true, false, null);
        HttpResponse<String> response = run(body(token(), null));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals("pass", answer.at("/result/verdict").asText(), response.body());
        assertTrue(answer.at("/result/trace").size() > 0, "the trace is always included");
        assertTrue(answer.at("/claims/verified").asBoolean());
        assertEquals("jwt", answer.at("/claims/token/kind").asText());
        assertTrue(answer.at("/claims/claims").findValuesAsText("name").contains("email"), response.body());
        assertTrue(answer.at("/genesysText/0").asText().startsWith("looks up \""), response.body());
        assertTrue(answer.at("/genesysText/1").asText().startsWith("contact not checked"), response.body());
        assertFalse(answer.at("/rules").has("scratch"));
    }

    @Test
    void aScratchRuleChangesTheMappingOfThatRequestOnly() throws Exception {
        start(true, false, null);
        String revision = JSON.readTree(get("/v1/rules").body()).get("revision").asText();
        JsonNode answer = JSON.readTree(run(body(token(), SCRATCH)).body());
        assertEquals("compiled", answer.at("/rules/scratch").asText(), answer.toString());
        assertEquals("ada@example.com", answer.at("/result/mapping/externalId").asText(), answer.toString());
        assertFalse(revision.equals(answer.at("/rules/revision").asText()), "the scratch rule set has a revision of its own");

        assertEquals(revision, JSON.readTree(get("/v1/rules").body()).get("revision").asText(), "the served rules are unchanged");
        JsonNode plain = JSON.readTree(run(body(token(), null)).body());
        assertFalse("ada@example.com".equals(plain.at("/result/mapping/externalId").asText()), plain.toString());
        assertEquals(1, JSON.readTree(get("/v1/rules").body()).get("packs").findValuesAsText("name").stream()
                .filter(n -> n.equals("oidc")).count());
        assertFalse(get("/v1/rules").body().contains("scratch"), "no scratch pack in the served rules");
    }

    @Test
    void aScratchRuleRunsWithTheServingRulesNotAnEditThatDidNotCompile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path rules)
            throws Exception {
        java.nio.file.Files.writeString(rules.resolve("acme.drl"), """
                package acme;

                import io.claimmap.engine.facts.*;

                global MappingDraft mapping;

                rule "acme: department from the claim"
                when
                    Claim( name == "email" )
                then
                    mapping.setDepartment( "acme" );
                end
                """);
        ServerSettings defaults = ServerSettings.defaults("127.0.0.1", 0);
        ValidationSettings validation = ValidationSettings.builder().keySource(ServerFixture.trustedKeys())
                .rules(List.of(rules)).ruleCache(SharedRuleCache.dir()).build();
        server = ClaimmapServer.start(defaults.withDrainTimeout(Duration.ZERO), new PrintStream(new ByteArrayOutputStream()),
                new Playground(false, Playground.scratchRules(validation), Duration.ofSeconds(120)));
        server.serve(validation.validator(), validation::loadRules, List.of(), () -> TestTokens.NOW);
        String serving = JSON.readTree(get("/v1/rules").body()).get("revision").asText();
        // An edit that does not compile: the last good rules keep serving.
        java.nio.file.Files.writeString(rules.resolve("broken.drl"), "package broken;\nrule \"x\" when Nope() then end\n");
        assertFalse(server.live().reload());
        assertEquals(serving, JSON.readTree(get("/v1/rules").body()).get("revision").asText());

        JsonNode answer = JSON.readTree(run(body(token(), SCRATCH)).body());
        assertEquals("compiled", answer.at("/rules/scratch").asText(), answer.toString());
        assertEquals("ada@example.com", answer.at("/result/mapping/externalId").asText(), answer.toString());
        assertEquals("acme", answer.at("/result/mapping/qm/department").asText(), "with the serving rules: " + answer);
    }

    @Test
    void aScratchRuleThatDoesNotCompileIsAnsweredWithItsLine() throws Exception {
        start(true, false, null);
        JsonNode answer = JSON.readTree(run(body(token(), SCRATCH.replace("when\n", "whenn\n"))).body());
        assertEquals("error", answer.at("/rules/scratch").asText(), answer.toString());
        assertTrue(answer.path("result").isMissingNode(), "no result from rules that do not compile");
        JsonNode problem = answer.at("/problems/0");
        assertEquals(Playground.SCRATCH_ORIGIN, problem.get("file").asText());
        assertTrue(problem.get("scratch").asBoolean());
        assertEquals(8, problem.get("line").asInt(), answer.toString());
        assertTrue(answer.at("/claims/verified").asBoolean(), "the claims are still shown");
    }

    @Test
    void aScratchRuleOverTheSizeLimitIsRefused() throws Exception {
        start(true, false, null);
        HttpResponse<String> response = run(body(token(), SCRATCH + "//" + "x".repeat(Playground.MAX_SCRATCH_CHARS)));
        assertEquals(413, response.statusCode());
        assertEquals(Problem.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
    }

    /** A chunked body announces no length: it is cut at the body limit, not read into memory whole (an OOM at 34 MiB). */
    @Test
    void aBodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
        start(true, false, null);
        byte[] big = body("x".repeat((int) ServerSettings.DEFAULT_MAX_BODY_BYTES), null).getBytes(StandardCharsets.UTF_8);
        for (HttpRequest.BodyPublisher publisher : List.of(HttpRequest.BodyPublishers.ofByteArray(big),
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/v1/playground/run")))
                    .header("Content-Type", "application/json").POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode(), response.body());
            assertEquals(Problem.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void aScratchCompilationThatBreaksIsA500LoggedWithItsStackTrace() throws Exception {
        start(true, false, null, scratch -> {
            throw new IOException("the rules folder is gone");
        }, Duration.ofSeconds(120));
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> response = run(body(token(), SCRATCH));
            assertEquals(500, response.statusCode(), response.body());
            assertTrue(response.body().contains("the rules could not be read: the rules folder is gone"), response.body());
            String text = log.text();
            assertTrue(text.contains("\"message\":\"500 on POST /v1/playground/run: java.io.IOException\""), text);
            assertTrue(text.contains("the rules folder is gone") && text.contains("\\tat "), "with its stack trace: " + text);
            assertFalse(text.contains("scratch: externalId is the email address"), "never the scratch rule: " + text);
        }
    }

    @Test
    void aSlowBodyCostsItsOwnRunNotARequestThread() throws Exception {
        // 4 request threads, 8 clients that send part of a body: none holds a thread, each gets its 408 at the deadline.
        start(new ServerSettings("127.0.0.1", 0, null, ServerSettings.DEFAULT_MAX_BODY_BYTES, 4, 2,
                Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ZERO, false), true, false, null, Duration.ofSeconds(120));
        List<Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /v1/playground/run HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"inp").getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            HttpResponse<String> served = run(body(token(), null));
            assertEquals(200, served.statusCode(), served.body());
            for (Socket socket : slow) {
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
                assertTrue(answer.contains("application/problem+json") && answer.contains("within 300 ms"), answer);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aScratchCompilationIsBoundedInTimeAndOneRunsAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(true, false, null, scratch -> {
            while (release.getCount() > 0) { // a compilation that ends only when released, interrupts or not
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // cancelled on timeout: a real compilation does not stop either
                }
            }
            throw new IOException("released");
        }, Duration.ofMillis(200));
        try {
            HttpResponse<String> first = run(body(token(), SCRATCH));
            assertEquals(503, first.statusCode());
            assertTrue(first.body().contains("took over"), first.body());
            HttpResponse<String> second = run(body(token(), SCRATCH + "\n"));
            assertEquals(503, second.statusCode());
            assertTrue(second.body().contains("another scratch rule is compiling"), second.body());
            assertEquals(200, run(body(token(), null)).statusCode(), "runs without a scratch rule are not held up");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBodyWithoutInputIsABadRequest() throws Exception {
        start(true, false, null);
        assertEquals(400, run("{\"token\": \"x\"}").statusCode());
        assertEquals(400, run("{\"input\": \"x\", \"purpose\": \"admin\"}").statusCode());
        HttpResponse<String> pasted = run("{\"input\": \"x\", \"purpose\": \"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJncmFjZSJ9.c2ln\"}");
        assertEquals(400, pasted.statusCode());
        assertFalse(pasted.body().contains("eyJzdWIiOiJncmFjZSJ9"), pasted.body()); // a token in the wrong member is not echoed
        assertEquals(400, run("{\"input\": \"x\", \"scratch\": 3}").statusCode());
    }

    @Test
    void anotherMethodIs405WithAllow() throws Exception {
        start(true, false, null);
        HttpResponse<String> response = get("/v1/playground/run");
        assertEquals(405, response.statusCode(), response.body());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
        assertEquals(Problem.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void onlyThePageItselfMayCallTheRunEndpoint() throws Exception {
        start(true, false, null);
        assertEquals(403, run(body(token(), null), "Origin", "https://evil.example").statusCode(), "another site");
        assertEquals(403, run(body(token(), null), "Sec-Fetch-Site", "cross-site").statusCode());
        assertEquals(415, run(body(token(), null), "Content-Type", "text/plain").statusCode(), "a form post");
        assertEquals(200, run(body(token(), null), "Origin", "http://127.0.0.1:" + server.port(),
                "Sec-Fetch-Site", "same-origin").statusCode(), "the page itself");
        // DNS rebinding: a name that resolves to 127.0.0.1 but is not a loopback name is refused.
        assertTrue(raw("GET / HTTP/1.1\r\nHost: rebind.evil.example:" + server.port() + "\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 403"));
        assertTrue(raw("GET / HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 200"));
        // A name that merely starts like a loopback address is a name, not an address.
        String rebound = "127.rebind.evil.example:" + server.port();
        assertTrue(raw("GET / HTTP/1.1\r\nHost: " + rebound + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 403"));
        String json = body(token(), null);
        String post = raw("POST /v1/playground/run HTTP/1.1\r\nHost: " + rebound + "\r\nOrigin: http://" + rebound
                + "\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + json);
        assertTrue(post.startsWith("HTTP/1.1 403"), "DNS rebinding through a name starting with 127.: " + post);
        assertTrue(raw("GET / HTTP/1.1\r\nHost: 127.0.0.2:" + server.port() + "\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 200"));
    }

    @Test
    void remotePlaygroundCallsNeedTheApiKey() throws Exception {
        start(true, true, KEY);
        assertTrue(raw("GET / HTTP/1.1\r\nHost: claimmap.internal.example\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 200"), "the static page holds nothing: any Host may load it");
        assertEquals(401, run(body(token(), null)).statusCode());
        assertEquals(200, run(body(token(), null), "Authorization", "Bearer " + KEY).statusCode());
    }

    @Test
    void loopbackNames() {
        for (String host : List.of("127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1")) {
            assertTrue(Playground.isLoopback(host), host);
        }
        for (String host : List.of("0.0.0.0", "::", "10.0.0.1", "example.com")) {
            assertFalse(Playground.isLoopback(host), host);
        }
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
