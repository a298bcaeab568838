package io.claimmap.cli.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.result.ResultJson;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The output of {@code diff}: text as it goes, or one JSON document or HTML page. Changes are spooled to a temporary
 * file so that the totals can come first while memory stays flat; unchanged entries are only counted.
 */
public abstract class DiffReport implements AutoCloseable {
    protected final PrintWriter out;
    protected final String baseRevision;
    protected final String newRevision;
    protected final String corpusLabel;
    protected final Map<String, Long> transitions = new TreeMap<>();
    protected long total;
    protected long changed;

    DiffReport(PrintWriter out, String baseRevision, String newRevision, String corpusLabel) {
        this.out = out;
        this.baseRevision = baseRevision;
        this.newRevision = newRevision;
        this.corpusLabel = corpusLabel;
    }

    public static DiffReport create(String format, PrintWriter out, String baseRevision, String newRevision,
                                    String corpusLabel) throws IOException {
        return switch (format) {
            case "json" -> new JsonDiff(out, baseRevision, newRevision, corpusLabel);
            case "html" -> new HtmlDiff(out, baseRevision, newRevision, corpusLabel);
            default -> new TextDiff(out, baseRevision, newRevision, corpusLabel);
        };
    }

    public void add(Outcome before, Outcome after) throws IOException {
        total++;
        if (before.sameAs(after)) {
            return;
        }
        changed++;
        transitions.merge(before.verdict().label() + " → " + after.verdict().label(), 1L, Long::sum);
        change(before, after);
    }

    public long changed() {
        return changed;
    }

    protected abstract void change(Outcome before, Outcome after) throws IOException;

    public abstract void finish() throws IOException;

    @Override
    public void close() throws IOException {
        out.flush();
    }

    /** Codes added and removed, as {@code +CODE -CODE}. */
    static String codeChanges(Outcome before, Outcome after) {
        List<String> parts = new ArrayList<>();
        after.codes().stream().filter(code -> !before.codes().contains(code)).sorted().forEach(code -> parts.add("+" + code));
        before.codes().stream().filter(code -> !after.codes().contains(code)).sorted().forEach(code -> parts.add("-" + code));
        return String.join(" ", parts);
    }

    /** Text for people: each change as it is found, the totals at the end. */
    static final class TextDiff extends DiffReport {
        TextDiff(PrintWriter out, String baseRevision, String newRevision, String corpusLabel) {
            super(out, baseRevision, newRevision, corpusLabel);
        }

        @Override
        protected void change(Outcome before, Outcome after) {
            out.println(Text.safe(before.source()));
            if (before.verdict() != after.verdict()) {
                field("verdict", before.verdict().label() + " → " + after.verdict().label());
            }
            if (!Objects.equals(before.externalId(), after.externalId())) {
                field("externalId", Text.quoted(before.externalId()) + " → " + Text.quoted(after.externalId()));
            }
            if (!Objects.equals(before.agentName(), after.agentName())) {
                field("agentName", Text.quoted(before.agentName()) + " → " + Text.quoted(after.agentName()));
            }
            if (!Objects.equals(before.department(), after.department())) {
                field("department", Text.quoted(before.department()) + " → " + Text.quoted(after.department()));
            }
            String codes = codeChanges(before, after);
            if (!codes.isEmpty()) {
                field("codes", codes);
            }
        }

        private void field(String name, String value) {
            out.printf("  %-11s %s%n", name, value);
        }

        @Override
        public void finish() {
            if (changed > 0) {
                out.println();
            }
            out.printf("%d entries: %d changed, %d unchanged (rules %s → %s)%n", total, changed, total - changed,
                    shortRevision(baseRevision), shortRevision(newRevision));
            transitions.forEach((transition, count) -> out.printf("  %-14s %d%n", transition, count));
        }
    }

    static String shortRevision(String revision) {
        return revision.length() > 12 ? revision.substring(0, 12) : revision;
    }

    /** Changes spooled to a temporary file, one per line, until the totals are known. */
    abstract static class Spooled extends DiffReport {
        private final Path spool;
        private final BufferedWriter writer;

        Spooled(PrintWriter out, String baseRevision, String newRevision, String corpusLabel) throws IOException {
            super(out, baseRevision, newRevision, corpusLabel);
            spool = Files.createTempFile("claimmap-diff", ".spool");
            writer = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
        }

        @Override
        protected void change(Outcome before, Outcome after) throws IOException {
            ObjectNode change = ResultJson.newObject();
            change.put("source", before.source());
            outcome(change.putObject("before"), before);
            outcome(change.putObject("after"), after);
            writer.write(change.toString());
            writer.write('\n');
        }

        private static void outcome(ObjectNode node, Outcome outcome) {
            node.put("verdict", outcome.verdict().label());
            node.put("externalId", outcome.externalId());
            node.put("agentName", outcome.agentName());
            node.put("department", outcome.department());
            ArrayNode codes = node.putArray("codes");
            outcome.codes().forEach(codes::add);
        }

        /** Each spooled change, in corpus order. */
        protected void replay(ChangeConsumer consumer) throws IOException {
            writer.flush();
            try (BufferedReader reader = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    consumer.accept(StrictJson.mapper().readTree(line));
                }
            }
        }

        interface ChangeConsumer {
            void accept(JsonNode change) throws IOException;
        }

        @Override
        public void close() throws IOException {
            try {
                writer.close();
                Files.deleteIfExists(spool);
            } finally {
                super.close();
            }
        }
    }

    /** {@code {"total", "changed", "unchanged", "changes": [...]}}, indented. */
    static final class JsonDiff extends Spooled {
        JsonDiff(PrintWriter out, String baseRevision, String newRevision, String corpusLabel) throws IOException {
            super(out, baseRevision, newRevision, corpusLabel);
        }

        @Override
        public void finish() throws IOException {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            JsonGenerator json = StrictJson.mapper().getFactory().createGenerator(new NonClosing(out));
            json.setPrettyPrinter(pretty);
            json.writeStartObject();
            json.writeNumberField("total", total);
            json.writeNumberField("changed", changed);
            json.writeNumberField("unchanged", total - changed);
            json.writeStringField("baseRevision", baseRevision);
            json.writeStringField("revision", newRevision);
            json.writeArrayFieldStart("changes");
            replay(change -> StrictJson.mapper().writeTree(json, change));
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            out.println();
        }
    }

    /** One self-contained page: the totals, a chart of verdict transitions and a filterable table of changes. */
    static final class HtmlDiff extends Spooled {
        HtmlDiff(PrintWriter out, String baseRevision, String newRevision, String corpusLabel) throws IOException {
            super(out, baseRevision, newRevision, corpusLabel);
        }

        @Override
        public void finish() throws IOException {
            out.print("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" + AuditReport.CSP
                    + "<title>claimmap diff</title><style>" + AuditReport.STYLE + "</style></head><body>\n");
            out.print("<header><h1>claimmap diff</h1><p>" + total + " entries from " + Html.escape(corpusLabel)
                    + " · rules <code>" + Html.escape(shortRevision(baseRevision)) + "</code> → <code>"
                    + Html.escape(shortRevision(newRevision)) + "</code></p></header>\n<main>\n");
            out.print("<section id=\"totals\"><h2>What changes</h2><div class=\"cards\"><div class=\"card\"><b>" + total
                    + "</b>entries</div><div class=\"card fail\"><b>" + changed + "</b>changed</div><div class=\"card\"><b>"
                    + (total - changed) + "</b>unchanged</div></div>");
            if (!transitions.isEmpty()) {
                List<Svg.Bar> bars = new ArrayList<>();
                transitions.forEach((transition, count) -> bars.add(new Svg.Bar(transition, count,
                        transition.endsWith("fail") ? "fail" : transition.endsWith("warn") ? "warn" : "pass")));
                out.print(Svg.bars("transitions", "verdict transitions", bars));
            }
            out.print("</section>\n<section id=\"problems\"><h2>Changed entries</h2><div class=\"filters\">"
                    + "<input id=\"filter-text\" type=\"search\" placeholder=\"filter: source, code, externalId…\" "
                    + "aria-label=\"filter\"><select id=\"filter-verdict\" aria-label=\"verdict after\">"
                    + "<option value=\"\">any verdict after</option><option value=\"pass\">pass</option>"
                    + "<option value=\"warn\">warn</option><option value=\"fail\">fail</option></select></div>"
                    + "<p class=\"note\"><span id=\"shown\">" + changed + "</span> shown of " + changed + " changes.</p>"
                    + "<table id=\"entries\"><thead><tr><th>source</th><th>verdict</th><th>externalId</th>"
                    + "<th>agentName</th><th>department</th><th>codes</th></tr></thead><tbody>\n");
            replay(change -> {
                JsonNode before = change.get("before");
                JsonNode after = change.get("after");
                out.print("<tr data-verdict=\"" + Html.escape(after.get("verdict").asText()) + "\"><td><code>"
                        + Html.escape(change.get("source").asText()) + "</code></td>");
                for (String field : new String[]{"verdict", "externalId", "agentName", "department"}) {
                    out.print("<td>" + cell(before.get(field), after.get(field)) + "</td>");
                }
                out.print("<td><code>" + Html.escape(codes(before)) + "</code> → <code>" + Html.escape(codes(after))
                        + "</code></td></tr>\n");
            });
            out.print("</tbody></table></section>\n</main>\n<script>" + AuditReport.SCRIPT + "</script>\n</body></html>\n");
        }

        private static String cell(JsonNode before, JsonNode after) {
            String b = before.isNull() ? "null" : before.asText();
            String a = after.isNull() ? "null" : after.asText();
            return b.equals(a) ? Html.escape(a) : "<del>" + Html.escape(b) + "</del> → <b>" + Html.escape(a) + "</b>";
        }

        private static String codes(JsonNode outcome) {
            List<String> codes = new ArrayList<>();
            outcome.get("codes").forEach(code -> codes.add(code.asText()));
            return String.join(" ", codes);
        }
    }

    /** Lets a JSON generator write to stdout without closing it. */
    private static final class NonClosing extends java.io.Writer {
        private final PrintWriter target;

        NonClosing(PrintWriter target) {
            this.target = target;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            target.write(buffer, offset, length);
        }

        @Override
        public void flush() {
            target.flush();
        }

        @Override
        public void close() {
            target.flush();
        }
    }
}
