package io.claimmap.cli;

import io.claimmap.engine.result.RuleTrace;

import java.util.List;
import java.util.Map;

/**
 * The rule trace as text, for {@code --explain} and {@code claimmap test} failures: each rule that fired with what it
 * matched, wrote and raised (and, where the evaluation was stopped, why), then each user rule that did not fire with
 * the first condition no fact satisfied. Values come from the token, so control characters, line breaks and
 * bidirectional controls are escaped.
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
                if (entry.stopped() != null) {
                    out.append(more).append("stopped here: ").append(escape(entry.stopped())).append('\n');
                }
            } else {
                entry.matched().forEach(fact -> out.append(more).append("matched ").append(escape(fact)).append('\n'));
                out.append(more).append(entry.unmatched() == null
                        ? "each condition has a matching fact, but not all together (or it uses what --explain cannot evaluate)"
                        : "unmatched " + escape(entry.unmatched())).append('\n');
            }
        }
    }

    /** Values from the token, escaped by the one function every text printer uses. */
    static String escape(String text) {
        return TextReport.safe(text);
    }
}
