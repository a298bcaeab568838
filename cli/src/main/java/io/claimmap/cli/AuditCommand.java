package io.claimmap.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.claimmap.cli.audit.AuditReport;
import io.claimmap.cli.audit.AuditStats;
import io.claimmap.cli.audit.Outcome;
import io.claimmap.cli.audit.Progress;
import io.claimmap.engine.Validator;
import io.claimmap.engine.corpus.CorpusEvaluator;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.rules.RuleSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code claimmap audit CORPUS... --out DIR}: a whole population through the pipeline, and a report to look at. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Evaluate every entry of a corpus (tokens, SAML messages, claims, JSON Lines, decision logs) on "
                + "all cores, as validate does (claims as eval does), and write DIR/results.jsonl (one line per "
                + "entry), DIR/summary.json and DIR/report.html (one self-contained page with charts). Shows progress "
                + "on stderr when it is a terminal.", ""},
        footer = {"", "Examples:",
                "  claimmap audit examples/population/corpus --out audit/ --jwks examples/population/jwks.json \\",
                "      --saml-metadata examples/population/metadata.xml --contacts examples/population/contacts.csv \\",
                "      --now 2026-11-21T12:00:00Z",
                "  # Replay a decision log written with --decision-log-claims values against new rules",
                "  claimmap audit decisions.jsonl --rules rules/ --out audit/ --fail-on error"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done (whatever the verdicts, unless --fail-on is given)",
                "1:--fail-on error and an entry fails, or --fail-on warning and an entry fails or warns",
                "2:usage error, unreadable option file, rules that do not compile"})
public final class AuditCommand implements Callable<Integer> {
    @Mixin
    CorpusOptions corpus = new CorpusOptions();

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Folder for results.jsonl, summary.json and report.html (created if needed).")
    Path out;

    @Mixin
    ValidationOptions validation = new ValidationOptions();

    @Option(names = "--fail-on", paramLabel = "warning|error", description = "Exit 1 when an entry fails (error), "
            + "or fails or warns (warning): for CI gates. Without it, exit 0 whatever the verdicts.")
    FailOnOption.Level failOn;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        corpus.check();
        prepareOut();
        corpus.exclude(out); // an --out inside the corpus: its results are not entries
        Validator validator = validation.validator();
        RuleSet rules = validator.config().rules();
        CorpusEvaluator evaluator = corpus.evaluator(validator, validation.now(), true);
        AuditStats stats = new AuditStats();
        Progress progress = corpus.progress();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out.resolve("results.jsonl")), 1 << 16);
             JsonGenerator json = StrictJson.mapper().getFactory().createGenerator(file, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(new MinimalPrettyPrinter("")); // one object per line, no separator before it
            corpus.run(progress, entry -> Outcome.of(evaluator.evaluate(entry)), outcome -> {
                write(json, outcome);
                stats.add(outcome);
            });
        } catch (IOException e) {
            throw new UsageException(out.resolve("results.jsonl") + ": cannot be written (" + ValidationOptions.describe(e) + ")");
        }
        write("summary.json", ResultJson.pretty(stats.summary(rules.revision(), rules.packs())) + "\n");
        write("report.html", AuditReport.render(stats, rules.revision(), rules.packs(), corpus.label()));
        printSummary(stats);
        return exitCode(stats);
    }

    private void prepareOut() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UsageException("--out " + out + ": cannot create the folder (" + ValidationOptions.describe(e) + ")");
        }
    }

    private static void write(JsonGenerator json, Outcome outcome) throws IOException {
        json.writeStartObject();
        json.writeStringField("source", outcome.source());
        json.writeStringField("verdict", outcome.verdict().label());
        json.writeStringField("externalId", outcome.externalId());
        json.writeStringField("agentName", outcome.agentName());
        json.writeStringField("department", outcome.department());
        json.writeArrayFieldStart("codes");
        for (String code : outcome.codes()) {
            json.writeString(code);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void write(String name, String content) {
        Path file = out.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot be written (" + ValidationOptions.describe(e) + ")");
        }
    }

    private void printSummary(AuditStats stats) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d entries: %d pass, %d warn, %d fail%n", stats.total(), stats.count(Verdict.PASS),
                stats.count(Verdict.WARN), stats.count(Verdict.FAIL));
        Map<String, Long> codes = new TreeMap<>(stats.summaryCodes());
        codes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10)
                .forEach(code -> stdout.printf("  %-30s %d%n", code.getKey(), code.getValue()));
        stdout.printf("wrote %s, %s and %s%n", out.resolve("results.jsonl"), out.resolve("summary.json"),
                out.resolve("report.html"));
        stdout.flush();
    }

    private int exitCode(AuditStats stats) {
        if (failOn == null) {
            return ExitCodes.OK;
        }
        boolean failing = stats.count(Verdict.FAIL) > 0
                || (failOn == FailOnOption.Level.warning && stats.count(Verdict.WARN) > 0);
        return failing ? ExitCodes.FAIL : ExitCodes.OK;
    }
}
