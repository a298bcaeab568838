package io.claimmap.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.result.ResultJson;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The three forms of a {@code claimmap test} run: text for people, JSON for scripts, JUnit XML for CI systems. */
record PolicyTestReport(List<PolicyTestRunner.Outcome> outcomes, List<PolicyTestRunner.Coverage> coverage,
                        Double threshold) {
    long passed() {
        return outcomes.stream().filter(PolicyTestRunner.Outcome::passed).count();
    }

    long failed() {
        return outcomes.size() - passed();
    }

    List<PolicyTestRunner.Coverage> userRules() {
        return coverage == null ? List.of() : coverage.stream().filter(c -> !c.builtin()).toList();
    }

    /** The share of user rules that fired at least once; 100 when there are none. */
    double percent() {
        List<PolicyTestRunner.Coverage> rules = userRules();
        if (rules.isEmpty()) {
            return 100.0;
        }
        long fired = rules.stream().filter(c -> c.fired() > 0).count();
        return Math.round(1000.0 * fired / rules.size()) / 10.0;
    }

    boolean belowThreshold() {
        return threshold != null && percent() < threshold;
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (PolicyTestRunner.Outcome outcome : outcomes) {
            if (outcome.passed()) {
                continue;
            }
            out.append("FAIL ").append(outcome.file().display()).append(':').append(outcome.testCase().line()).append(": ")
                    .append(TraceText.escape(outcome.testCase().name())).append('\n');
            outcome.failures().forEach(f -> out.append("  ").append(TraceText.escape(f)).append('\n'));
            if (!outcome.trace().isEmpty()) {
                out.append("  trace:\n");
                TraceText.render(out, outcome.trace(), "    ");
            }
            out.append('\n');
        }
        if (coverage != null) {
            List<PolicyTestRunner.Coverage> rules = userRules();
            long fired = rules.stream().filter(c -> c.fired() > 0).count();
            out.append("Coverage: ").append(fired).append(" of ").append(rules.size()).append(" user rules fired (")
                    .append(format(percent())).append("%)\n");
            for (PolicyTestRunner.Coverage c : rules) {
                out.append(String.format("  %6d  %s%s%n", c.fired(), TraceText.escape(c.pack() + " » " + c.rule()),
                        c.fired() == 0 ? "   never fired" : ""));
            }
            List<PolicyTestRunner.Coverage> builtin = coverage.stream().filter(PolicyTestRunner.Coverage::builtin).toList();
            if (!builtin.isEmpty()) {
                out.append("Built-in packs (not counted):\n");
                builtin.forEach(c -> out.append(String.format("  %6d  %s%n", c.fired(), c.pack() + " » " + c.rule())));
            }
            if (belowThreshold()) {
                out.append("Coverage ").append(format(percent())).append("% is below the threshold of ")
                        .append(format(threshold)).append("%\n");
            }
            out.append('\n');
        }
        out.append(passed()).append(" passed, ").append(failed()).append(" failed\n");
        return out.toString();
    }

    String json() {
        ObjectNode root = ResultJson.newObject();
        root.put("passed", passed());
        root.put("failed", failed());
        ArrayNode cases = root.putArray("cases");
        for (PolicyTestRunner.Outcome outcome : outcomes) {
            ObjectNode c = cases.addObject();
            c.put("file", outcome.file().display());
            c.put("line", outcome.testCase().line());
            c.put("name", outcome.testCase().name());
            c.put("status", outcome.passed() ? "pass" : "fail");
            outcome.failures().forEach(c.putArray("failures")::add);
            if (!outcome.trace().isEmpty()) {
                ResultJson.addTrace(c.putArray("trace"), outcome.trace());
            }
        }
        if (coverage != null) {
            ObjectNode cov = root.putObject("coverage");
            ArrayNode rules = cov.putArray("rules");
            userRules().forEach(r -> rules.addObject().put("pack", r.pack()).put("name", r.rule()).put("fired", r.fired()));
            cov.put("percent", percent());
            if (threshold != null) {
                cov.put("threshold", threshold);
            }
            ArrayNode builtin = cov.putArray("builtin");
            coverage.stream().filter(PolicyTestRunner.Coverage::builtin)
                    .forEach(r -> builtin.addObject().put("pack", r.pack()).put("name", r.rule()).put("fired", r.fired()));
        }
        return ResultJson.pretty(root);
    }

    /** JUnit XML as Jenkins, GitLab, GitHub Actions reporters and Surefire read it: one testsuite per test file. */
    String junit() {
        Map<String, List<PolicyTestRunner.Outcome>> byFile = new LinkedHashMap<>();
        outcomes.forEach(o -> byFile.computeIfAbsent(o.file().display(), k -> new ArrayList<>()).add(o));
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "claimmap test");
            xml.writeAttribute("tests", String.valueOf(outcomes.size()));
            xml.writeAttribute("failures", String.valueOf(failed()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("time", seconds(outcomes.stream().mapToLong(PolicyTestRunner.Outcome::nanos).sum()));
            for (Map.Entry<String, List<PolicyTestRunner.Outcome>> file : byFile.entrySet()) {
                List<PolicyTestRunner.Outcome> cases = file.getValue();
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", safe(file.getKey()));
                xml.writeAttribute("tests", String.valueOf(cases.size()));
                xml.writeAttribute("failures", String.valueOf(cases.stream().filter(o -> !o.passed()).count()));
                xml.writeAttribute("errors", "0");
                xml.writeAttribute("skipped", "0");
                xml.writeAttribute("time", seconds(cases.stream().mapToLong(PolicyTestRunner.Outcome::nanos).sum()));
                for (PolicyTestRunner.Outcome outcome : cases) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("classname", safe(file.getKey()));
                    xml.writeAttribute("name", safe(outcome.testCase().name()));
                    xml.writeAttribute("file", safe(file.getKey()));
                    xml.writeAttribute("line", String.valueOf(outcome.testCase().line()));
                    xml.writeAttribute("time", seconds(outcome.nanos()));
                    if (!outcome.passed()) {
                        xml.writeCharacters("\n      ");
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", safe(outcome.failures().get(0)));
                        xml.writeAttribute("type", "expectation");
                        StringBuilder body = new StringBuilder();
                        outcome.failures().forEach(f -> body.append(f).append('\n'));
                        if (!outcome.trace().isEmpty()) {
                            body.append("trace:\n");
                            TraceText.render(body, outcome.trace(), "  ");
                        }
                        xml.writeCharacters(safe(body.toString()));
                        xml.writeEndElement();
                        xml.writeCharacters("\n    ");
                    }
                    xml.writeEndElement();
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to a string cannot fail", e);
        }
        return text + "\n";
    }

    /** XML 1.0 cannot hold most control characters, even escaped: they are written as \\uXXXX, line breaks kept. */
    private static String safe(String value) {
        StringBuilder out = new StringBuilder();
        for (String line : value.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(TraceText.escape(line));
        }
        return out.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
