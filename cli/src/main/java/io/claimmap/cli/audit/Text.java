package io.claimmap.cli.audit;

/** Untrusted values in terminal text: control characters, line breaks and bidirectional overrides escaped. */
final class Text {
    private Text() {
    }

    static String safe(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String quoted(String value) {
        return value == null ? "null" : "\"" + safe(value) + "\"";
    }
}
