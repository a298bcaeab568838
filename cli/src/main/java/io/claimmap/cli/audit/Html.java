package io.claimmap.cli.audit;

/** Escaping for text put into the report: every value from a corpus is untrusted. */
final class Html {
    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                // The page names no external URL of any kind, not even as text: an issuer or a sub that is a URL
                // reads the same, and nothing in the source looks like a link to follow.
                case ':' -> out.append("&#58;");
                default -> {
                    // Control characters and bidirectional overrides would let a value disguise itself.
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || (c >= 0x202a && c <= 0x202e)
                            || (c >= 0x2066 && c <= 0x2069)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
