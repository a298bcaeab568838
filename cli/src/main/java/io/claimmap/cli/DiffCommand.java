package io.claimmap.cli;

import io.claimmap.cli.audit.DiffReport;
import io.claimmap.cli.audit.Outcome;
import io.claimmap.engine.SettingsException;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.corpus.CorpusEvaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code claimmap diff --base OLD --rules NEW CORPUS...}: what a rule change does to everyone in a corpus. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Evaluate every entry of a corpus with the base rules and with the new ones (each with the "
                + "built-in packs unless --no-builtin-rules) and report what changes for whom: verdict, externalId, "
                + "agentName, department and codes, before and after. Entries whose outcome does not change are only "
                + "counted.", ""},
        footer = {"", "Examples:",
                "  claimmap diff --base examples/population/rules-v1 --rules examples/population/rules-v2 \\",
                "      examples/population/corpus --jwks examples/population/jwks.json \\",
                "      --saml-metadata examples/population/metadata.xml --contacts examples/population/contacts.csv \\",
                "      --now 2026-11-21T12:00:00Z",
                "  # Replay recorded traffic; fail the CI job when the new rules change anything",
                "  claimmap diff --base rules/ --rules rules-next/ decisions.jsonl --fail-on-change --format json"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done (whatever changed, unless --fail-on-change is given)",
                "1:--fail-on-change and an entry's outcome changed",
                "2:usage error, unreadable option file, rules that do not compile"})
public final class DiffCommand implements Callable<Integer> {
    public enum Format { text, json, html }

    @Mixin
    CorpusOptions corpus = new CorpusOptions();

    @Option(names = "--base", paramLabel = "PATH", required = true,
            description = "The rules before the change: a .drl file or a folder of them (repeatable).")
    List<Path> base = new ArrayList<>();

    @Mixin
    ValidationOptions validation = new ValidationOptions();

    @Option(names = "--format", paramLabel = "text|json|html", defaultValue = "text",
            description = "Text for people (default), one JSON document, or one self-contained HTML page.")
    Format format;

    @Option(names = "--fail-on-change", description = "Exit 1 when any entry's outcome changes: for CI gates.")
    boolean failOnChange;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One entry evaluated with both rule sets. */
    record Pair(Outcome before, Outcome after) {
    }

    @Override
    public Integer call() throws Exception {
        corpus.check();
        ValidationSettings after = validation.settings();
        ValidationSettings before = after.toBuilder().rules(base).build();
        Validator newRules = validator(after, "--rules");
        Validator oldRules = newRules.withRules(rules(before, "--base")); // the same keys and contacts, loaded once
        CorpusEvaluator beforeEvaluator = corpus.evaluator(oldRules, validation.now(), false);
        CorpusEvaluator afterEvaluator = corpus.evaluator(newRules, validation.now(), false);
        try (DiffReport report = DiffReport.create(format.name(), spec.commandLine().getOut(),
                oldRules.config().rules().revision(), newRules.config().rules().revision(), corpus.label())) {
            corpus.run(corpus.progress(), entry -> {
                CorpusEvaluator.Parsed parsed = beforeEvaluator.parse(entry); // parsed once, evaluated with both
                return new Pair(Outcome.of(beforeEvaluator.evaluate(parsed)), Outcome.of(afterEvaluator.evaluate(parsed)));
            }, pair -> report.add(pair.before(), pair.after()));
            report.finish();
            return failOnChange && report.changed() > 0 ? ExitCodes.FAIL : ExitCodes.OK;
        }
    }

    private static io.claimmap.engine.rules.RuleSet rules(ValidationSettings settings, String which) {
        try {
            return settings.compileRules();
        } catch (SettingsException e) {
            throw new UsageException(named(which, e.getMessage()));
        }
    }

    private static Validator validator(ValidationSettings settings, String which) {
        try {
            return settings.validator();
        } catch (SettingsException e) {
            throw new UsageException(named(which, e.getMessage()));
        }
    }

    /** A problem of the rules, said of the option that named them (--base or --rules); others as they are. */
    static String named(String which, String message) {
        if (message.startsWith("--rules ")) {
            return which + message.substring("--rules".length());
        }
        return message.startsWith("rules do not compile") ? which + " " + message : message;
    }
}
