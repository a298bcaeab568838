package io.claimmap.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.claimmap.cli.testing.Chromium;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit report of examples/population opened from disk in headless Chromium: every chart is drawn, the table
 * filter works, and the page makes no request but for itself. The screenshot goes to target/ (and, with
 * {@code -Dclaimmap.screenshot=PATH}, to PATH: how docs/audit-report.png is made).
 */
class ReportBrowserTest {
    @TempDir
    Path out;

    @Test
    void theReportRendersItsChartsAndRequestsNothing() throws Exception {
        Path chromium = Chromium.executable();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium; .ci/run "
                + "installs it): the report is not tested in a browser");
        assertEquals(0, PopulationTest.audit(out).exitCode());
        Path report = out.resolve("report.html").toAbsolutePath();
        try (Chromium browser = Chromium.launch(chromium)) {
            browser.open(report.toUri().toString());
            JsonNode charts = browser.eval("Array.from(document.querySelectorAll('svg.chart')).map(function(svg){"
                    + "var box=svg.getBoundingClientRect();var bars=0;"
                    + "svg.querySelectorAll('rect').forEach(function(r){var b=r.getBBox();if(b.width>0&&b.height>0){bars++;}});"
                    + "return {chart: svg.dataset.chart, width: box.width, height: box.height, bars: bars};})");
            List<String> names = new java.util.ArrayList<>();
            charts.forEach(chart -> {
                names.add(chart.get("chart").asText());
                assertTrue(chart.get("width").asDouble() > 100 && chart.get("height").asDouble() > 20, chart.toString());
                assertTrue(chart.get("bars").asInt() > 0, "chart drew bars: " + chart);
            });
            assertEquals(List.of("verdicts", "findings", "shapes", "genesys", "qm", "coverage"), names);

            JsonNode rows = browser.eval("(function(){var f=document.getElementById('filter-text');"
                    + "var all=document.querySelectorAll('#entries tbody tr').length;"
                    + "f.value='TOKEN_EXPIRED';f.dispatchEvent(new Event('input'));"
                    + "var shown=document.querySelectorAll('#entries tbody tr:not([hidden])').length;"
                    + "return {all: all, shown: shown, counter: document.getElementById('shown').textContent};})()");
            assertEquals(15, rows.get("all").asInt(), rows.toString()); // the entries that fail or warn
            assertEquals(1, rows.get("shown").asInt(), rows.toString());
            assertEquals("1", rows.get("counter").asText());
            browser.eval("(function(){var f=document.getElementById('filter-text');f.value='';"
                    + "f.dispatchEvent(new Event('input'));return true;})()");

            browser.size(1200, 2400);
            byte[] png = browser.screenshot();
            Files.write(Path.of("examples/target/audit-report.png"), png);
            String copy = System.getProperty("claimmap.screenshot");
            if (copy != null && !copy.isBlank()) {
                Files.write(Path.of(copy), png);
            }
            List<String> requests = browser.requests();
            assertEquals(List.of(report.toUri().toString()), requests.stream().map(url -> url.replace("file:///", "file:/"))
                    .map(url -> url.replace("file:/", "file:///")).toList(), "the page requested nothing but itself");
        }
    }
}
