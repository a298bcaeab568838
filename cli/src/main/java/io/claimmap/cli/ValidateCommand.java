package io.claimmap.cli;

import io.claimmap.engine.Purpose;
import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.Validator;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code claimmap validate INPUT}: validate one token or SAML message and show how it maps. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {"Validate an OIDC ID token (compact JWS or token endpoint response) or a SAML 2.0 Response or "
                + "Assertion (XML or base64) before Genesys Cloud sees it: signature and keys or certificates, time, "
                + "issuer, audience, then the claim mapping rules.", ""},
        footer = {"", "Examples:",
                "  # Salesforce sends sub as an identity URL: which contact will Genesys look up?",
                "  claimmap validate examples/salesforce/token.jwt --jwks examples/salesforce/jwks.json \\",
                "      --contacts examples/salesforce/contacts.json --now 2026-11-21T12:00:00Z",
                "  # After an Okta key rotation: is the token's kid among the trusted keys?",
                "  claimmap validate examples/okta-rotation/token.jwt \\",
                "      --jwks examples/okta-rotation/jwks-before-rotation.json --now 2026-11-21T12:00:00Z",
                "  # An agent token for quality management, machine-readable, with the rule trace",
                "  claimmap validate examples/agent-qm/token.jwt --jwks examples/agent-qm/jwks.json \\",
                "      --purpose agent --format json --explain --now 2026-11-21T12:00:00Z",
                "  # An agent's SAML response after the IdP rotated its signing certificate",
                "  claimmap validate examples/saml-okta/response-after-rotation.xml \\",
                "      --saml-metadata examples/saml-okta/metadata.xml --now 2026-11-21T12:00:00Z",
                "  # A token from standard input, keys from the issuer's discovery document",
                "  cat token.jwt | claimmap validate - --discovery https://acme.okta.com/oauth2/default"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:verdict pass or warn", "1:verdict fail (or warn, with --fail-on warning)",
                "2:usage error, unreadable file, rules that do not compile, bad option value"})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "A file holding the token or SAML message, or - for "
            + "standard input.")
    String input;

    @Mixin
    ValidationOptions validation = new ValidationOptions();

    @Option(names = "--purpose", paramLabel = "messaging|agent",
            description = "Customer Web Messaging (default for JWT) or agent SSO (default for SAML; QM fields required).")
    Purpose purpose;

    @Mixin
    FormatOption output = new FormatOption();

    @Option(names = "--explain", description = "Include the rule trace: the rules that fired, in order, with what they matched "
            + "and wrote; then each of your rules that did not fire, with the first condition no fact satisfied.")
    boolean explain;

    @Mixin
    FailOnOption failOn = new FailOnOption();

    @Mixin
    ColorOption color = new ColorOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        byte[] content = InputFiles.read(input);
        Validator validator = validation.validator();
        ValidationResult result;
        try {
            result = validator.validate(new ValidationRequest(content, purpose, validation.now(), explain));
        } finally {
            if (validator.config().genesys() != null) {
                validator.config().genesys().close();
            }
        }
        output.print(spec, () -> ResultJson.pretty(result), () -> new TextReport(color.ansi()).render(result));
        return failOn.exitCode(result.verdict());
    }
}
