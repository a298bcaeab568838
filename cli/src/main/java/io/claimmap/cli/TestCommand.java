package io.claimmap.cli;

import io.claimmap.engine.rules.EvaluationBudget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/** {@code claimmap test [PATH...]}: policy unit tests in {@code *.test.yaml} files beside the rules (contract §5). */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Run the policy tests (*.test.yaml) beside your rules: claims or tokens, and what to expect.", "",
                "Runs every *.test.yaml / *.test.yml file under the PATHs (default: the current folder). A case gives "
                + "plain claims (no signing: rules and mapping checks run, signature and time checks do not) or a real "
                + "token or SAML file with its keys, and what to expect: externalId, agentName, department, verdict, "
                + "findings, notFindings. Rules are compiled once per rule set.", ""},
        footer = {"", "Examples:",
                "  claimmap test examples",
                "  claimmap test policy --coverage --threshold 90",
                "  claimmap test --format junit > claimmap-tests.xml",
                "  claimmap test policy --run 'Auth0'"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every case passed (and coverage reached --threshold)",
                "1:a case failed, or coverage is below --threshold",
                "2:usage error: no test file, an invalid test file (named with its line), rules that do not compile"})
public final class TestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Test files, or folders searched for *.test.yaml "
            + "and *.test.yml (hidden folders and target/ skipped). Default: the current folder.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "PATH", description = "A .drl file or folder, for test files without rules:.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin-rules", description = "Only the rules of each file (or --rules), without the built-in packs.")
    boolean noBuiltinRules;

    @Option(names = "--run", paramLabel = "REGEX", description = "Only the cases whose name contains a match of REGEX.")
    String run;

    @Option(names = "--format", paramLabel = "text|json|junit", defaultValue = "text",
            description = "Text for people (default), one JSON document, or JUnit XML for CI systems.")
    Format format;

    @Option(names = "--coverage", description = "Report how often each of your rules fired, and those that never did.")
    boolean coverage;

    @Option(names = "--threshold", paramLabel = "PERCENT", description = "Fail (exit 1) when fewer than PERCENT of "
            + "your rules fired; implies --coverage.")
    Double threshold;

    @Mixin
    NowOption time = new NowOption();

    @Mixin
    RuleBudgetOptions ruleBudget = new RuleBudgetOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    enum Format { text, json, junit }

    @Override
    public Integer call() {
        if (threshold != null && (threshold < 0 || threshold > 100 || threshold.isNaN())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--threshold': must be between 0 and 100, not " + threshold);
        }
        EvaluationBudget budget = ruleBudget.budget();
        Pattern selected;
        try {
            selected = run == null ? null : Pattern.compile(run);
        } catch (PatternSyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--run': not a "
                    + "regular expression (" + e.getDescription() + ")");
        }
        List<PolicyTestFile> files = new ArrayList<>();
        for (Path file : find(paths.isEmpty() ? List.of(Path.of(".")) : paths)) {
            files.add(PolicyTestFile.read(file, display(file)));
        }
        boolean withCoverage = coverage || threshold != null;
        PolicyTestRunner runner = new PolicyTestRunner(rules, !noBuiltinRules, time.now(), withCoverage, budget);
        runner.prepare(files);
        List<PolicyTestRunner.Outcome> outcomes = runner.run(files, name -> selected == null || selected.matcher(name).find());
        PolicyTestReport report = new PolicyTestReport(outcomes, withCoverage ? runner.coverage() : null, threshold);
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case text -> report.text();
            case json -> report.json() + "\n";
            case junit -> report.junit();
        });
        out.flush();
        return report.failed() > 0 || report.belowThreshold() ? ExitCodes.FAIL : ExitCodes.OK;
    }

    private static String display(Path file) {
        String text = file.normalize().toString().replace('\\', '/');
        return text.startsWith("./") ? text.substring(2) : text;
    }

    static List<Path> find(List<Path> roots) {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new UsageException(root + ": no such file or folder");
            }
            if (Files.isRegularFile(root)) {
                found.add(root);
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> Files.isRegularFile(p) && isTestFile(p) && !skipped(root.relativize(p)))
                        .sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UsageException(root + ": cannot be read (" + ValidationOptions.describe(e) + ")");
            }
        }
        if (found.isEmpty()) {
            throw new UsageException("no *.test.yaml or *.test.yml file under " + String.join(" ",
                    roots.stream().map(Path::toString).toList()));
        }
        return found;
    }

    private static boolean isTestFile(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".test.yaml") || name.endsWith(".test.yml");
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") && !name.equals(".") || name.equals("target") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }
}
