package io.claimmap.cli.audit;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.FindingCode;
import io.claimmap.engine.result.Severity;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.rules.RulePack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page. Styles and the table filter are inline, charts are inline SVG, and
 * nothing refers to any other resource, so it opens from disk, offline, and can be mailed as it is.
 */
public final class AuditReport {
    static final String STYLE = """
            :root{--pass:#2e7d32;--warn:#b26a00;--fail:#c62828;--info:#1565c0;--muted:#666;--line:#ddd}
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
            header{background:#263238;color:#fff;padding:16px 28px}header h1{margin:0;font-size:20px}
            header p{margin:4px 0 0;color:#cfd8dc}main{padding:8px 28px 40px;max-width:1200px}
            section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 18px;margin:16px 0}
            h2{font-size:16px;margin:4px 0 10px}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0}
            .card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:110px}
            .card b{display:block;font-size:22px}.card.pass b{color:var(--pass)}.card.warn b{color:var(--warn)}
            .card.fail b{color:var(--fail)}svg.chart{max-width:100%;height:auto;display:block;margin:6px 0}
            svg text{font-size:12px;fill:#333}svg text.value{fill:var(--muted)}
            rect.pass{fill:var(--pass)}rect.warn,rect.warning{fill:var(--warn)}rect.fail,rect.error{fill:var(--fail)}
            rect.info{fill:var(--info)}rect.neutral{fill:#607d8b}rect.missing{fill:#b0bec5}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top}
            th{background:#f2f4f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .verdict{font-weight:600}.verdict.fail{color:var(--fail)}.verdict.warn{color:var(--warn)}
            .sev-error{color:var(--fail)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}
            .never{color:var(--fail)}.remedy{color:var(--muted)}code{font-size:12px;word-break:break-all}
            .filters{display:flex;gap:10px;margin:8px 0}.filters input{flex:1;padding:5px}.note{color:var(--muted)}
            """;

    static final String SCRIPT = """
            (function(){
              var text=document.getElementById('filter-text'),verdict=document.getElementById('filter-verdict'),
                  rows=document.querySelectorAll('#entries tbody tr'),shown=document.getElementById('shown');
              function apply(){
                var q=text.value.toLowerCase(),v=verdict.value,n=0;
                rows.forEach(function(row){
                  var ok=(!v||row.dataset.verdict===v)&&(!q||row.textContent.toLowerCase().indexOf(q)>=0);
                  row.hidden=!ok;if(ok){n++;}
                });
                shown.textContent=n;
              }
              text.addEventListener('input',apply);verdict.addEventListener('change',apply);apply();
            })();
            """;

    /** Even a value that escaped escaping could load nothing: no source is allowed but the page's own inline code. */
    static final String CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            + "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">";

    private AuditReport() {
    }

    public static String render(AuditStats stats, String revision, List<RulePack> packs, String corpusLabel) {
        StringBuilder page = new StringBuilder(64 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append(CSP)
                .append("<title>claimmap audit</title><style>").append(STYLE).append("</style></head><body>\n");
        page.append("<header><h1>claimmap audit</h1><p>").append(stats.total).append(" entries from ")
                .append(Html.escape(corpusLabel)).append(" · rules revision <code>").append(Html.escape(revision))
                .append("</code></p></header>\n<main>\n");
        verdicts(page, stats);
        findings(page, stats);
        shapes(page, stats);
        genesys(page, stats);
        qm(page, stats);
        coverage(page, stats, packs);
        table(page, stats);
        page.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return page.toString();
    }

    private static void verdicts(StringBuilder page, AuditStats stats) {
        page.append("<section id=\"verdicts\"><h2>Verdicts</h2><div class=\"cards\">");
        card(page, "", "entries", stats.total);
        for (Verdict verdict : Verdict.values()) {
            card(page, verdict.label(), verdict.label(), stats.count(verdict));
        }
        page.append("</div>");
        List<Svg.Bar> parts = new ArrayList<>();
        for (Verdict verdict : Verdict.values()) {
            parts.add(new Svg.Bar(verdict.label(), stats.count(verdict), verdict.label()));
        }
        page.append(Svg.stacked("verdicts", "verdicts", parts)).append("</section>\n");
    }

    private static void card(StringBuilder page, String css, String label, long value) {
        page.append("<div class=\"card ").append(css).append("\"><b>").append(value).append("</b>").append(label)
                .append("</div>");
    }

    private static void findings(StringBuilder page, AuditStats stats) {
        page.append("<section id=\"findings\"><h2>Findings by code</h2>");
        if (stats.codes.isEmpty()) {
            page.append("<p class=\"note\">No finding.</p></section>\n");
            return;
        }
        List<Svg.Bar> bars = new ArrayList<>();
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(stats.codes.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> code : sorted) {
            bars.add(new Svg.Bar(code.getKey(), code.getValue(), severity(stats, code.getKey()).label()));
        }
        page.append(Svg.bars("findings", "entries by finding code", bars));
        page.append("<table><thead><tr><th>code</th><th>severity</th><th>entries</th><th>remedy</th></tr></thead><tbody>");
        for (Map.Entry<String, Long> code : sorted) {
            Severity severity = severity(stats, code.getKey());
            Finding example = stats.firstByCode.get(code.getKey());
            page.append("<tr><td><code>").append(Html.escape(code.getKey())).append("</code></td><td class=\"sev-")
                    .append(severity.label()).append("\">").append(severity.label()).append("</td><td class=\"num\">")
                    .append(code.getValue()).append("</td><td class=\"remedy\">")
                    .append(example == null ? "" : Html.escape(example.remedy())).append("</td></tr>");
        }
        page.append("</tbody></table></section>\n");
    }

    private static Severity severity(AuditStats stats, String code) {
        Finding example = stats.firstByCode.get(code);
        if (example != null) {
            return example.severity();
        }
        return FindingCode.severityOf(code).orElse(Severity.INFO);
    }

    private static void shapes(StringBuilder page, AuditStats stats) {
        page.append("<section id=\"shapes\"><h2>Shapes of <code>sub</code></h2><p class=\"note\">Genesys Cloud looks "
                + "External Contacts up by the literal <code>sub</code>: a URL or a <code>connection|id</code> "
                + "must be stored exactly so on the contact.</p>");
        List<Svg.Bar> bars = new ArrayList<>();
        for (SubShape shape : SubShape.values()) {
            bars.add(new Svg.Bar(shape.label(), stats.shapes.getOrDefault(shape, 0L),
                    shape == SubShape.MISSING ? "fail" : "neutral"));
        }
        page.append(Svg.bars("shapes", "sub shapes", bars)).append("</section>\n");
    }

    private static void genesys(StringBuilder page, AuditStats stats) {
        page.append("<section id=\"genesys\"><h2>Genesys prediction (Web Messaging)</h2><p class=\"note\">")
                .append(stats.messaging).append(" messaging entries: will Genesys Cloud find an External Contact "
                        + "under the literal <code>sub</code>? “not checked” means no contacts "
                        + "were given, the org did not answer, or the entry was not verified (nothing is looked up for it).</p>");
        page.append(Svg.bars("genesys", "contacts found and not found", List.of(
                new Svg.Bar("contact found", stats.contactFound, "pass"),
                new Svg.Bar("contact not found", stats.contactNotFound, "fail"),
                new Svg.Bar("not checked", stats.contactNotChecked(), "missing")))).append("</section>\n");
    }

    private static void qm(StringBuilder page, AuditStats stats) {
        page.append("<section id=\"qm\"><h2>QM completeness (agents)</h2><p class=\"note\">").append(stats.agents)
                .append(" agent entries. Without an agent name, quality-management forms show “Anonymous”.</p>");
        if (stats.departments.isEmpty()) {
            page.append("</section>\n");
            return;
        }
        List<Svg.Bar> named = new ArrayList<>();
        List<Svg.Bar> unnamed = new ArrayList<>();
        stats.departments.forEach((department, qm) -> {
            named.add(new Svg.Bar(department, qm.named, "pass"));
            unnamed.add(new Svg.Bar(department, qm.agents - qm.named, "warn"));
        });
        page.append(Svg.bars("qm", "agents by department", stats.departments.entrySet().stream()
                .map(e -> new Svg.Bar(e.getKey(), e.getValue().agents,
                        e.getKey().equals(AuditStats.NO_DEPARTMENT) ? "warn" : "neutral")).toList()));
        page.append("<table><thead><tr><th>department</th><th>agents</th><th>with agent name</th>"
                + "<th>without (Anonymous)</th></tr></thead><tbody>");
        stats.departments.forEach((department, qm) -> page.append("<tr><td>").append(Html.escape(department))
                .append("</td><td class=\"num\">").append(qm.agents).append("</td><td class=\"num\">").append(qm.named)
                .append("</td><td class=\"num\">").append(qm.agents - qm.named).append("</td></tr>"));
        page.append("</tbody></table></section>\n");
    }

    private static void coverage(StringBuilder page, AuditStats stats, List<RulePack> packs) {
        page.append("<section id=\"coverage\"><h2>Rule coverage of this run</h2>");
        List<Svg.Bar> bars = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        int rules = 0;
        int fired = 0;
        for (RulePack pack : packs) {
            for (String rule : pack.rules()) {
                long count = stats.fired.getOrDefault(pack.name() + " » " + rule, 0L);
                rules++;
                fired += count > 0 ? 1 : 0;
                if (!pack.builtin()) {
                    bars.add(new Svg.Bar(rule, count, count == 0 ? "fail" : "info"));
                }
                rows.append("<tr><td>").append(Html.escape(pack.name())).append(pack.builtin() ? " (built-in)" : "")
                        .append("</td><td").append(count == 0 ? " class=\"never\"" : "").append('>')
                        .append(Html.escape(rule)).append("</td><td class=\"num\">").append(count).append("</td></tr>");
            }
        }
        page.append("<p class=\"note\">").append(fired).append(" of ").append(rules)
                .append(" rules fired at least once; rules that never fired are in red.</p>");
        if (!bars.isEmpty()) {
            page.append(Svg.bars("coverage", "custom rules by entries fired", bars));
        }
        page.append("<table><thead><tr><th>pack</th><th>rule</th><th>fired</th></tr></thead><tbody>").append(rows)
                .append("</tbody></table></section>\n");
    }

    private static void table(StringBuilder page, AuditStats stats) {
        page.append("<section id=\"problems\"><h2>Entries that fail or warn</h2>");
        page.append("<div class=\"filters\"><input id=\"filter-text\" type=\"search\" placeholder=\"filter: source, "
                + "code, externalId…\" aria-label=\"filter\"><select id=\"filter-verdict\" aria-label=\"verdict\">"
                + "<option value=\"\">fail and warn</option><option value=\"fail\">fail</option>"
                + "<option value=\"warn\">warn</option></select></div>");
        page.append("<p class=\"note\"><span id=\"shown\">").append(stats.table.size()).append("</span> shown of ")
                .append(stats.notPassing).append(" entries that fail or warn");
        if (stats.notPassing > stats.table.size()) {
            page.append(" (the first ").append(stats.table.size()).append("; results.jsonl has them all)");
        }
        page.append(".</p><table id=\"entries\"><thead><tr><th>source</th><th>verdict</th><th>externalId</th>"
                + "<th>findings and remedies</th></tr></thead><tbody>\n");
        for (Outcome outcome : stats.table) {
            page.append("<tr data-verdict=\"").append(outcome.verdict().label()).append("\"><td><code>")
                    .append(Html.escape(outcome.source())).append("</code></td><td class=\"verdict ")
                    .append(outcome.verdict().label()).append("\">").append(outcome.verdict().label())
                    .append("</td><td><code>").append(Html.escape(outcome.externalId())).append("</code></td><td>");
            for (Finding finding : outcome.problems()) {
                page.append("<div><code class=\"sev-").append(finding.severity().label()).append("\">")
                        .append(Html.escape(finding.code())).append("</code> ").append(Html.escape(finding.message()))
                        .append("<br><span class=\"remedy\">").append(Html.escape(finding.remedy())).append("</span></div>");
            }
            page.append("</td></tr>\n");
        }
        page.append("</tbody></table></section>\n");
    }
}
