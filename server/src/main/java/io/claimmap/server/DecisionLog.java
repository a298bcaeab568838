package io.claimmap.server;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.facts.Facts;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ValidationResult;

import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decision log (contract §9): one JSON line per evaluated request, appended off the request path. A request only
 * offers a small record to a bounded queue; one writer thread serialises and writes. When the queue is full the
 * record is dropped and counted ({@link #dropped()}), so a slow disk never slows requests. Never the token or the
 * SAML message; the claims as much as {@link Claims} says. Thread-safe.
 */
public final class DecisionLog implements AutoCloseable {
    /** How much of the claims a record holds. */
    public enum Claims {
        NONE, NAMES, VALUES;

        public static Claims fromLabel(String label) {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static final int DEFAULT_CAPACITY = 8192;
    /** Whole lines are handed to the output in writes of about this size. */
    private static final int WRITE_BYTES = 1 << 16;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final com.fasterxml.jackson.databind.ObjectWriter VALUES_WRITER = MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    /** What a request hands over: built on the request thread from what validation already made, cheap to queue. */
    record Decision(Instant time, String revision, ValidationResult result, Purpose purpose, Map<String, Object> claims) {
    }

    private final BlockingQueue<Decision> queue;
    private final OutputStream out;
    private final boolean closeOut;
    private final Claims claims;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread writer;
    private volatile boolean closing;

    /**
     * @param out      where the lines go (a file opened for append, or stdout)
     * @param closeOut whether {@link #close} closes {@code out} (not for stdout)
     */
    public DecisionLog(OutputStream out, boolean closeOut, Claims claims, int capacity) {
        this.out = out;
        this.closeOut = closeOut;
        this.claims = claims;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::drain, "claimmap-decision-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Offers the record of one decision; never blocks. {@code facts} are what the rules saw (null when the input
     * gave none). Only the claims object is kept, as the level asks for; the input itself is never seen here.
     */
    public void record(Instant time, String revision, ValidationResult result, Purpose purpose, Facts facts) {
        Map<String, Object> logged = claims == Claims.NONE || facts == null ? null : plainClaims(facts.token());
        if (closing || !queue.offer(new Decision(time, revision, result, purpose, logged))) {
            dropped.increment();
        }
    }

    /** Records dropped because the queue was full (fed to {@code claimmap_decision_log_dropped_total}). */
    public long dropped() {
        return dropped.sum();
    }

    public long written() {
        return written.sum();
    }

    /**
     * The claims as a plain claims object, the form {@code eval} and corpora read back: an ID token's payload, or for
     * SAML {@code iss} (Issuer), {@code sub} (NameID), {@code aud} and the attributes.
     */
    static Map<String, Object> plainClaims(Token token) {
        if (!"saml".equals(token.getKind())) {
            return token.getClaims();
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("iss", token.getIssuer());
        plain.put("sub", token.getSubject());
        plain.put("aud", token.getAudience());
        plain.putAll(token.getClaims());
        return plain;
    }

    private void drain() {
        // Lines are made here and handed to out whole, each write ending a line: with "--decision-log -" the log shares
        // stdout with the access log, and a line split by a full buffer would let an access-log line in mid-record.
        ByteArrayOutputStream lines = new ByteArrayOutputStream(WRITE_BYTES);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(lines, JsonEncoding.UTF8)) {
            json.setPrettyPrinter(new MinimalPrettyPrinter(""));
            List<Decision> batch = new ArrayList<>(256);
            while (true) {
                Decision first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                for (Decision decision : batch) {
                    write(json, decision);
                    json.flush();
                    if (lines.size() >= WRITE_BYTES) {
                        lines.writeTo(out);
                        lines.reset();
                    }
                }
                lines.writeTo(out);
                lines.reset();
                out.flush(); // a line is on disk once the queue is empty, not only when a buffer fills
                written.add(batch.size());
                batch.clear();
            }
        } catch (IOException e) {
            // The log cannot be written: count what is lost from now on rather than take the server down.
            closing = true;
            // An event of the server's log (one JSON line with --log-format json), not a line of its own on stderr.
            LoggerFactory.getLogger(DecisionLog.class).atError().addKeyValue("cause", String.valueOf(e.getMessage()))
                    .log("the decision log cannot be written ({}); further records are dropped", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(JsonGenerator json, Decision decision) throws IOException {
        ValidationResult result = decision.result();
        json.writeStartObject();
        json.writeStringField("time", decision.time().toString());
        json.writeStringField("revision", decision.revision());
        json.writeStringField("verdict", result.verdict().label());
        json.writeStringField("kind", result.input().kind());
        if (decision.purpose() != null) {
            json.writeStringField("purpose", decision.purpose().label());
        }
        json.writeStringField("issuer", result.input().issuer());
        json.writeStringField("externalId", result.mapping().externalId());
        json.writeArrayFieldStart("codes");
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        for (Finding finding : result.findings()) {
            codes.add(finding.code());
        }
        for (String code : codes) {
            json.writeString(code);
        }
        json.writeEndArray();
        switch (claims) {
            case NONE -> {
            }
            case NAMES -> {
                json.writeArrayFieldStart("claims");
                if (decision.claims() != null) {
                    for (String name : decision.claims().keySet()) {
                        json.writeString(name);
                    }
                }
                json.writeEndArray();
            }
            case VALUES -> {
                // An input that gave no claims (malformed, unsigned SAML) has no "claims": replayed, it stays malformed.
                if (decision.claims() != null) {
                    json.writeFieldName("claims");
                    VALUES_WRITER.writeValue(json, decision.claims());
                }
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** Writes what is queued (up to {@code timeoutMillis}), then stops the writer. */
    public void close(long timeoutMillis) {
        closing = true;
        try {
            writer.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.add(queue.size());
        queue.clear();
        try {
            out.flush();
            if (closeOut) {
                out.close();
            }
        } catch (IOException ignored) {
            // nothing more can be done for a log that cannot be flushed
        }
    }

    @Override
    public void close() {
        close(5_000);
    }
}
