package io.claimmap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.rules.RuleCompiler;
import io.claimmap.engine.rules.RuleProblem;
import io.claimmap.engine.rules.RuleSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code claimmap check PATH...}: every problem of every rule file, before the rules ship. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Compile and lint rule files before they ship: every problem of every file.", "",
                "Compiles .drl files against claimmap's fact model and lints them. One line per problem, "
                + "file:line:column: error|warning: message [CODE]. Codes: COMPILE_ERROR, "
                + "RESERVED_PACKAGE, FORBIDDEN_CALL (exit, processes, threads, reflection, files, network), "
                + "UNBOUNDED_LOOP (errors) and WRITE_CONFLICT (a warning).", ""},
        footer = {"", "Examples:", "  claimmap check examples/rules", "  claimmap check rules/ --format json"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no errors (warnings allowed)", "1:errors found", "2:usage error, unreadable file"})
public final class CheckCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "A .drl file or a folder of them.")
    List<Path> paths = new ArrayList<>();

    @Mixin
    FormatOption output = new FormatOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<RuleSource> sources = new ArrayList<>();
        for (Path path : paths) {
            try {
                RuleSource.readAll(List.of(path)).stream()
                        .filter(source -> sources.stream().noneMatch(s -> same(s, source))).forEach(sources::add);
            } catch (IOException e) {
                String message = ValidationOptions.describe(e);
                throw new UsageException(message.startsWith(path + ": ") ? message : path + ": " + message);
            }
        }
        List<RuleProblem> problems = RuleCompiler.check(sources);
        output.print(spec, () -> json(problems), () -> text(problems, sources.size()));
        return problems.stream().anyMatch(RuleProblem::isError) ? ExitCodes.FAIL : ExitCodes.OK;
    }

    /** One file named twice (a folder and a file in it) is checked once. */
    private static boolean same(RuleSource a, RuleSource b) {
        return Path.of(a.origin()).toAbsolutePath().normalize().equals(Path.of(b.origin()).toAbsolutePath().normalize());
    }

    static String text(List<RuleProblem> problems, int files) {
        StringBuilder out = new StringBuilder();
        for (RuleProblem problem : problems) {
            out.append(TextReport.safe(problem.toString())).append('\n');
        }
        long errors = problems.stream().filter(RuleProblem::isError).count();
        long warnings = problems.size() - errors;
        out.append(files).append(files == 1 ? " file" : " files").append(" checked: ").append(errors)
                .append(errors == 1 ? " error, " : " errors, ").append(warnings).append(warnings == 1 ? " warning" : " warnings")
                .append('\n');
        return out.toString();
    }

    static String json(List<RuleProblem> problems) {
        ObjectNode root = JSON.createObjectNode();
        ResultJson.addRuleProblems(root.putArray("problems"), problems);
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
