package io.claimmap.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON line per request: method, path, status, duration and verdict. Never the body, the query string or any
 * header: tokens are personal data.
 */
final class AccessLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PrintStream out;

    AccessLog(PrintStream out) {
        this.out = out;
    }

    void log(String method, String path, int status, long nanos, String verdict) {
        if (out == null) {
            return;
        }
        ObjectNode line = MAPPER.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("method", method);
        line.put("path", path);
        line.put("status", status);
        line.put("ms", Math.round(nanos / 10_000.0) / 100.0);
        if (verdict != null) {
            line.put("verdict", verdict);
        }
        out.println(line);
    }
}
