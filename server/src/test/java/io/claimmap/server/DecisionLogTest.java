package io.claimmap.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.facts.Facts;
import io.claimmap.engine.result.FindingCode;
import io.claimmap.engine.result.InputSummary;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionLogTest {
    private static final Instant TIME = Instant.parse("2026-11-21T12:00:00Z");

    @TempDir
    Path cache;

    private static Facts facts() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://idp.example");
        claims.put("sub", "u-1");
        claims.put("email", "ada@example.com");
        return Facts.fromClaims("jwt", claims, "messaging");
    }

    private static ValidationResult result() {
        return ValidationResult.of(new InputSummary("jwt", "https://idp.example", "u-1", "k1", "RS256"),
                new Mapping("u-1", Mapping.QmFields.EMPTY),
                List.of(FindingCode.SUB_IS_URL.finding("m", "r", "x"), FindingCode.SUB_IS_URL.finding("m", "r", "y")),
                List.of());
    }

    private static JsonNode logOne(DecisionLog.Claims claims) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DecisionLog log = new DecisionLog(out, true, claims, 16);
        log.record(TIME, "rev1", result(), Purpose.MESSAGING, facts());
        log.close();
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count());
        return ServerFixture.JSON.readTree(text);
    }

    @Test
    void namesByDefaultValuesOnlyWhenAskedNothingWithNone() throws Exception {
        JsonNode names = logOne(DecisionLog.Claims.NAMES);
        assertEquals("{\"time\":\"2026-11-21T12:00:00Z\",\"revision\":\"rev1\",\"verdict\":\"warn\",\"kind\":\"jwt\","
                + "\"purpose\":\"messaging\",\"issuer\":\"https://idp.example\",\"externalId\":\"u-1\","
                + "\"codes\":[\"SUB_IS_URL\"],\"claims\":[\"iss\",\"sub\",\"email\"]}", names.toString());
        assertEquals("{\"iss\":\"https://idp.example\",\"sub\":\"u-1\",\"email\":\"ada@example.com\"}",
                logOne(DecisionLog.Claims.VALUES).get("claims").toString());
        assertFalse(logOne(DecisionLog.Claims.NONE).has("claims"));
    }

    @Test
    void samlClaimsAreLoggedAsThePlainClaimsEvalReads() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("iss", "http://idp");
        attributes.put("sub", "a@example.com");
        attributes.put("department", "Billing");
        Facts saml = Facts.fromClaims("saml", attributes, "agent");
        assertEquals("{iss=http://idp, sub=a@example.com, aud=[], department=Billing}",
                DecisionLog.plainClaims(saml.token()).toString());
    }

    /** A log that cannot be written is an event of the server's log (one JSON line in JSON format), not a bare line. */
    @Test
    void aLogThatCannotBeWrittenSaysSoInTheServersLog() throws Exception {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        try (LogCapture capture = new LogCapture()) {
            DecisionLog log = new DecisionLog(full, true, DecisionLog.Claims.NONE, 16);
            log.record(TIME, "r", result(), Purpose.MESSAGING, null);
            log.close();
            String text = capture.text();
            assertTrue(text.contains("\"level\":\"error\"") && text.contains("\"message\":\"the decision log cannot be "
                    + "written (No space left on device); further records are dropped\""), text);
        }
    }

    /** The writer is stuck on a slow disk: requests never wait, records beyond the queue are dropped and counted. */
    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        DecisionLog log = new DecisionLog(slow, true, DecisionLog.Claims.NONE, 2);
        log.record(TIME, "r", result(), Purpose.MESSAGING, null);
        assertTrue(writing.await(10, TimeUnit.SECONDS), "the writer took the first record");
        for (int i = 0; i < 10; i++) {
            log.record(TIME, "r", result(), Purpose.MESSAGING, null);
        }
        assertEquals(8, log.dropped());
        release.countDown();
        log.close();
        assertEquals(3, log.written());
    }

    /**
     * {@code --decision-log -} shares stdout with the access log: every write must end a line, or a line of the other
     * writer lands inside a record (seen under load with claims of a few kilobytes).
     */
    @Test
    void everyWriteEndsALineSoThatAnotherWriterOfTheStreamNeverSplitsARecord() throws Exception {
        List<String> writes = Collections.synchronizedList(new ArrayList<>());
        OutputStream shared = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(String.valueOf((char) b));
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        try (ServerFixture fixture = ServerFixture.serving(cache)) {
            fixture.server.decisionLog(new DecisionLog(shared, true, DecisionLog.Claims.VALUES, 64));
            String token = TestTokens.sign(TestTokens.claims().claim("note", "x".repeat(20_000)).build());
            fixture.validate(token);
            fixture.validate(token);
        }
        assertFalse(writes.isEmpty());
        for (String write : writes) {
            assertTrue(write.endsWith("\n"), "a write that ends mid-line: ..." + write.substring(Math.max(0, write.length() - 40)));
        }
        List<String> lines = String.join("", writes).lines().toList();
        assertEquals(2, lines.size());
        for (String line : lines) {
            assertEquals(20_000, ServerFixture.JSON.readTree(line).at("/claims/note").asText().length());
        }
    }

    @Test
    void theServerLogsEveryEvaluationAndExposesTheDroppedCount() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ServerFixture fixture = ServerFixture.serving(cache)) {
            fixture.server.decisionLog(new DecisionLog(out, true, DecisionLog.Claims.VALUES, 64));
            String token = TestTokens.sign(TestTokens.claims().claim("email", "ada@example.com").build());
            fixture.validate(token);
            fixture.validate("not a token");
            String metrics = fixture.get("/metrics").body();
            assertTrue(metrics.contains("\nclaimmap_decision_log_dropped_total 0.0\n"), metrics);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size());
        JsonNode first = ServerFixture.JSON.readTree(lines.get(0));
        assertEquals("ada@example.com", first.get("claims").get("email").asText());
        assertEquals("messaging", first.get("purpose").asText());
        JsonNode second = ServerFixture.JSON.readTree(lines.get(1));
        assertEquals("[\"MALFORMED_INPUT\"]", second.get("codes").toString());
        assertFalse(second.has("claims"));
        String token = TestTokens.sign(TestTokens.claims().claim("email", "ada@example.com").build());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(token.substring(token.lastIndexOf('.') + 1)),
                "never the token");
    }
}
