package io.claimmap.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An RFC 9457 problem document: every error the hook answers is one of these, as application/problem+json. */
final class Problem extends RuntimeException {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final int status;
    final String title;

    Problem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    String json() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "about:blank");
        node.put("title", title);
        node.put("status", status);
        node.put("detail", getMessage());
        return node.toString();
    }
}
