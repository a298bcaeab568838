package io.claimmap.cli.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.rules.RulePack;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals of an audit, added up entry by entry on one thread: verdicts, findings by code, {@code sub} shapes, the
 * Genesys prediction, QM completeness by department and rule coverage. Memory is bounded: counters, one row per
 * department (capped), and at most {@link #TABLE_LIMIT} entries kept for the report's table.
 */
public final class AuditStats {
    public static final int TABLE_LIMIT = 2000;
    static final int DEPARTMENT_LIMIT = 200;
    static final String NO_DEPARTMENT = "(no department)";
    static final String OTHER_DEPARTMENTS = "(other departments)";

    /** QM completeness of the agents of one department. */
    static final class Qm {
        long agents;
        long named;
    }

    long total;
    final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    final Map<String, Long> codes = new TreeMap<>();
    final Map<SubShape, Long> shapes = new EnumMap<>(SubShape.class);
    long messaging;
    long contactFound;
    long contactNotFound;
    long agents;
    final Map<String, Qm> departments = new TreeMap<>();
    final Map<String, Long> fired = new HashMap<>();
    final List<Outcome> table = new ArrayList<>();
    /** The first warning or error seen for each code: its severity and remedy for the report. */
    final Map<String, io.claimmap.engine.result.Finding> firstByCode = new TreeMap<>();
    long notPassing;

    public AuditStats() {
        for (Verdict verdict : Verdict.values()) {
            verdicts.put(verdict, 0L);
        }
    }

    public void add(Outcome outcome) {
        total++;
        verdicts.merge(outcome.verdict(), 1L, Long::sum);
        outcome.codes().forEach(code -> codes.merge(code, 1L, Long::sum));
        if (outcome.subShape() != null) {
            shapes.merge(outcome.subShape(), 1L, Long::sum);
        }
        if (outcome.purpose() == Purpose.MESSAGING) {
            messaging++;
            if (outcome.codes().contains("EXTERNAL_CONTACT_FOUND")) {
                contactFound++;
            } else if (outcome.codes().contains("EXTERNAL_CONTACT_NOT_FOUND")) {
                contactNotFound++;
            }
        } else if (outcome.purpose() == Purpose.AGENT) {
            agents++;
            String department = outcome.department() == null ? NO_DEPARTMENT : outcome.department();
            if (!departments.containsKey(department) && departments.size() >= DEPARTMENT_LIMIT) {
                department = OTHER_DEPARTMENTS;
            }
            Qm qm = departments.computeIfAbsent(department, d -> new Qm());
            qm.agents++;
            if (outcome.agentName() != null) {
                qm.named++;
            }
        }
        for (io.claimmap.engine.result.Finding finding : outcome.problems()) {
            firstByCode.putIfAbsent(finding.code(), finding);
        }
        for (String rule : outcome.firedRules()) {
            fired.merge(rule, 1L, Long::sum);
        }
        if (outcome.verdict() != Verdict.PASS) {
            notPassing++;
            if (table.size() < TABLE_LIMIT) {
                table.add(outcome);
            }
        }
    }

    public long total() {
        return total;
    }

    public long count(Verdict verdict) {
        return verdicts.get(verdict);
    }

    /** Entries by finding code. */
    public Map<String, Long> summaryCodes() {
        return java.util.Collections.unmodifiableMap(codes);
    }

    long contactNotChecked() {
        return messaging - contactFound - contactNotFound;
    }

    /** {@code summary.json}: the contract's members first, then what the report shows. */
    public ObjectNode summary(String revision, List<RulePack> packs) {
        ObjectNode root = ResultJson.newObject();
        root.put("total", total);
        ObjectNode verdictNode = root.putObject("verdicts");
        for (Verdict verdict : Verdict.values()) {
            verdictNode.put(verdict.label(), verdicts.get(verdict));
        }
        ObjectNode codeNode = root.putObject("codes");
        codes.forEach(codeNode::put);
        ObjectNode shapeNode = root.putObject("subShapes");
        for (SubShape shape : SubShape.values()) {
            shapeNode.put(shape.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), shapes.getOrDefault(shape, 0L));
        }
        ObjectNode genesys = root.putObject("genesys");
        genesys.put("messaging", messaging);
        genesys.put("found", contactFound);
        genesys.put("notFound", contactNotFound);
        genesys.put("notChecked", contactNotChecked());
        ObjectNode qm = root.putObject("qm");
        qm.put("agents", agents);
        var departmentsNode = qm.putArray("departments");
        departments.forEach((name, counts) -> departmentsNode.addObject().put("department", name)
                .put("agents", counts.agents).put("withAgentName", counts.named));
        ObjectNode rules = root.putObject("rules");
        rules.put("revision", revision);
        var coverage = rules.putArray("coverage");
        long total = 0;
        long firedRules = 0;
        for (RulePack pack : packs) {
            for (String rule : pack.rules()) {
                long count = fired.getOrDefault(pack.name() + " » " + rule, 0L);
                coverage.addObject().put("pack", pack.name()).put("rule", rule).put("builtin", pack.builtin())
                        .put("fired", count);
                total++;
                firedRules += count > 0 ? 1 : 0;
            }
        }
        rules.put("percent", total == 0 ? 0 : Math.round(firedRules * 1000.0 / total) / 10.0);
        return root;
    }
}
