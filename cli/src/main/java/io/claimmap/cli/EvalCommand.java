package io.claimmap.cli;

import io.claimmap.engine.ClaimsRequest;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.SettingsException;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code claimmap eval CLAIMS.json}: the rules and mapping checks over plain claims, without signing anything. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Run the rules over a JSON object of claims, without signature or time checks.", "",
                "The claims are an ID token's payload, or for --kind saml: iss the Issuer, sub the NameID, other "
                + "members attributes. Prints the same document as validate: how to try a rule without a signed token.", ""},
        footer = {"", "Examples:",
                "  echo '{\"iss\": \"https://acme.eu.auth0.com/\", \"sub\": \"auth0|64f1c2\"}' \\",
                "      | claimmap eval - --rules examples/rules --explain",
                "  claimmap eval claims.json --kind saml --purpose agent --format json"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:verdict pass or warn", "1:verdict fail (or warn, with --fail-on warning)",
                "2:usage error, unreadable file or claims that are not a JSON object, rules that do not compile"})
public final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLAIMS.json", description = "A JSON object of claims, or - for standard input.")
    String input;

    @Option(names = "--kind", paramLabel = "jwt|saml", defaultValue = "jwt",
            description = "What the claims stand for: an ID token (jwt, the default) or a SAML assertion.")
    Kind kind;

    @Option(names = "--purpose", paramLabel = "messaging|agent",
            description = "Customer Web Messaging (default for jwt) or agent SSO (default for saml; QM fields required).")
    Purpose purpose;

    @Option(names = "--rules", paramLabel = "PATH", description = "A .drl file or a folder of them, added to the built-in packs.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin-rules", description = "Use only the --rules given.")
    boolean noBuiltinRules;

    @Option(names = "--contacts", paramLabel = "FILE", description = "A Genesys Cloud External Contacts export (API JSON or CSV with an externalId column).")
    Path contacts;

    @Option(names = "--explain", description = "Include the rule trace: the rules that fired, and for each of your rules "
            + "that did not, the first condition no fact satisfied.")
    boolean explain;

    @Mixin
    RuleBudgetOptions ruleBudget = new RuleBudgetOptions();

    @Mixin
    FormatOption output = new FormatOption();

    @Mixin
    FailOnOption failOn = new FailOnOption();

    @Mixin
    ColorOption color = new ColorOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    enum Kind { jwt, saml }

    @Override
    public Integer call() {
        Map<String, Object> claims;
        String what = input.equals("-") ? "standard input" : input;
        try {
            claims = StrictJson.parseObject(new String(InputFiles.read(input), StandardCharsets.UTF_8), what);
        } catch (MalformedInputException e) {
            throw new UsageException(e.getMessage());
        }
        Validator validator;
        try {
            validator = ValidationSettings.builder().rules(rules).builtinRules(!noBuiltinRules).contacts(contacts)
                    .budget(ruleBudget.budget()).build().validator();
        } catch (SettingsException e) {
            throw new UsageException(e.getMessage());
        }
        ValidationResult result = validator.evaluate(new ClaimsRequest(claims, kind.name(), purpose, explain));
        output.print(spec, () -> ResultJson.pretty(result), () -> new TextReport(color.ansi()).render(result));
        return failOn.exitCode(result.verdict());
    }
}
