package io.claimmap.cli;

import io.claimmap.engine.result.RuleTrace;

import java.util.List;
import java.util.Map;

/**
 * The rule trace as text, for {@code --explain} and {@code claimmap test} failures: each rule that fired with what it
 * matched and wrote, then each user rule that did not fire with the first condition no fact satisfied. Values come
 * from the token, so control characters, line breaks and bidirectional controls are escaped.
 */
final class TraceText {
    private TraceText() {
    }

    static void render(StringBuilder out, List<RuleTrace> trace, String indent) {
        for (RuleTrace entry : trace) {
            out.append(indent).append(entry.fired() ? "fired      " : "not fired  ")
                    .append(escape(entry.qualifiedName())).append('\n');
            String more = indent + "           ";
            if (entry.fired()) {
                entry.matched().forEach(fact -> out.append(more).append("matched ").append(escape(fact)).append('\n'));
                for (Map.Entry<String, String> write : entry.writes().entrySet()) {
                    out.append(more).append(write.getKey()).append(" = ")
                            .append(write.getValue() == null ? "null" : '"' + escape(write.getValue()) + '"').append('\n');
                }
                entry.raised().forEach(code -> out.append(more).append("raised ").append(escape(code)).append('\n'));
            } else {
                entry.matched().forEach(fact -> out.append(more).append("matched ").append(escape(fact)).append('\n'));
                out.append(more).append(entry.unmatched() == null
                        ? "each condition has a matching fact, but not all together (or it uses what --explain cannot evaluate)"
                        : "unmatched " + escape(entry.unmatched())).append('\n');
            }
        }
    }

    // A small escaper of its own until the shared one for text output lands; same rules: \\uXXXX for C0 and C1
    // controls, line and paragraph separators, bidirectional and zero-width controls.
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c >= 0x200b && c <= 0x200f
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x2028 || c == 0x2029
                    || c == 0xfeff;
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
