package io.claimmap.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One JSON line per request on stdout, written from Javalin's request logger (which times the request): method,
 * path, status, duration and verdict. Never the body, the query string or any header: tokens are personal data.
 * The path of a request that matched no route is client-chosen and may even hold a token: long segments are
 * replaced with {@code {redacted}}.
 */
final class AccessLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_SEGMENT = 32;
    private final PrintStream out;

    AccessLog(PrintStream out) {
        this.out = out;
    }

    void log(Context ctx, float ms) {
        if (out == null) {
            return;
        }
        ObjectNode line = MAPPER.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("method", ctx.method().name());
        line.put("path", matched(ctx) ? ctx.path() : redact(ctx.path()));
        line.put("status", ctx.statusCode());
        line.put("ms", Math.round(ms * 100) / 100.0);
        String verdict = ctx.attribute(Routes.VERDICT);
        if (verdict != null) {
            line.put("verdict", verdict);
        }
        out.println(line);
    }

    /** The route template a request matched, or {@code unmatched}: a bounded label for metrics and logs. */
    static String route(Context ctx) {
        return matched(ctx) ? ctx.endpointHandlerPath() : "unmatched";
    }

    private static boolean matched(Context ctx) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            return false;
        }
        return route != null && route.startsWith("/") && !route.contains(" ") && !route.contains("*");
    }

    static String redact(String path) {
        String result = Arrays.stream(path.split("/", -1))
                .map(segment -> segment.length() > MAX_SEGMENT ? "{redacted}" : segment)
                .collect(Collectors.joining("/"));
        return result.length() > 200 ? result.substring(0, 200) + "..." : result;
    }
}
