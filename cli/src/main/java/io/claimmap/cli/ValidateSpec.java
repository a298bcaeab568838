package io.claimmap.cli;

import io.claimmap.engine.Purpose;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code validate}'s picocli model, built without reading an annotation: the model picocli derives from
 * {@link ValidateCommand}'s annotations costs a cold validation 20 ms of its ~125 (42 ms in a JVM of its own: the
 * JDK generates a class for each annotation type it reads, and no JDK 17 archive keeps them; docs/PERFORMANCE.md).
 * {@code claimmap validate ...} is the command the cold start is measured on, so it alone gets this copy;
 * {@code claimmap --help}, the man pages and completion read the annotations, which stay the source.
 * {@code ValidateSpecTest} holds the copy to them: the same usage text, and the same fields and errors for a set of
 * command lines. Change both, or that test names the difference.
 */
final class ValidateSpec {
    private ValidateSpec() {
    }

    static CommandLine commandLine() {
        ValidateCommand command = new ValidateCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name("validate");
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "verdict pass or warn");
        exitCodes.put("1", "verdict fail (or warn, with --fail-on warning)");
        exitCodes.put("2", "usage error, unreadable file, rules that do not compile, bad option value");
        spec.usageMessage().width(100).sortOptions(false)
                .description("Validate an OIDC ID token (compact JWS or token endpoint response) or a SAML 2.0 Response or "
                        + "Assertion (XML or base64) before Genesys Cloud sees it: signature and keys or certificates, time, "
                        + "issuer, audience, then the claim mapping rules.", "")
                .footer("", "Examples:",
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
                        "  cat token.jwt | claimmap validate - --discovery https://acme.okta.com/oauth2/default")
                .exitCodeListHeading("%nExit status:%n").exitCodeList(exitCodes);

        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("INPUT").type(String.class)
                .description("A file holding the token or SAML message, or - for standard input.")
                .getter(field(command, "input")).setter(field(command, "input")).build());

        ValidationOptions validation = command.validation;
        list(spec, validation, "jwks", String.class, "--jwks", "FILE|URL", "Trusted keys as a JWK Set file or https URL.");
        list(spec, validation, "discovery", String.class, "--discovery", "URL", "An OIDC issuer (or its "
                + "/.well-known/openid-configuration): keys from its jwks_uri, and iss must equal its issuer.");
        list(spec, validation, "keys", String.class, "--key", "FILE", "A PEM public key or X.509 certificate.");
        list(spec, validation, "samlMetadata", String.class, "--saml-metadata", "FILE|URL", "SAML IdP metadata file or "
                + "https URL; its signing certificates are trusted.");
        list(spec, validation, "issuers", String.class, "--issuer", "ISS", "Required iss or SAML Issuer, compared exactly.");
        list(spec, validation, "audiences", String.class, "--audience", "AUD",
                "Accepted audience (the client id); the token must name at least one.");
        spec.addOption(option(validation.time, "now", Instant.class, "--now", "INSTANT",
                "ISO-8601 instant (or epoch seconds) used as the current time, for reproducible runs.")
                .converters(new InstantConverter()).build());
        list(spec, validation, "rules", Path.class, "--rules", "PATH",
                "A .drl file or a folder of them, added to the built-in packs.");
        flag(spec, validation, "noBuiltinRules", "--no-builtin-rules", "Use only the --rules given.");
        RuleBudgetOptions budget = validation.ruleBudget;
        spec.addOption(option(budget, "maxFirings", int.class, "--rule-max-firings", "N", "Rule firings and inserted "
                + "facts at most per evaluation; beyond, RULE_FAILED (default: ${DEFAULT-VALUE}).")
                .defaultValue("" + io.claimmap.engine.rules.EvaluationBudget.DEFAULT_MAX_FIRINGS).build());
        spec.addOption(option(budget, "timeout", Duration.class, "--rule-timeout", "DURATION", "Time at most per rule "
                + "evaluation, as 500ms or 2s; beyond, RULE_FAILED (default: ${DEFAULT-VALUE}).")
                .defaultValue("2s").converters(new DurationConverter()).build());
        spec.addOption(option(validation, "contacts", Path.class, "--contacts", "FILE", "A Genesys Cloud External "
                + "Contacts export (API JSON or CSV with an externalId column).").build());
        spec.addOption(option(validation.genesys, "target", String.class, "--genesys", "REGION|URL", "Ask this Genesys "
                + "Cloud org (a region such as mypurecloud.ie or euw2.pure.cloud, or a base URL; default "
                + "$GENESYSCLOUD_REGION), with the OAuth client in $GENESYSCLOUD_OAUTHCLIENT_ID and "
                + "$GENESYSCLOUD_OAUTHCLIENT_SECRET (docs/GENESYS.md).").arity("0..1").fallbackValue("").build());
        flag(spec, validation, "unverified", "--unverified", "Preview the claims of input no configured key can verify: "
                + "SIGNATURE_NOT_CHECKED becomes a warning instead of failing. Never for production decisions.");
        spec.addOption(OptionSpec.builder("--clock-skew").paramLabel("SECONDS").type(long.class).defaultValue("60")
                .hasInitialValue(false) // a setter method, as the annotated option: nothing to reset
                .description("Tolerance for exp, nbf, iat and SAML NotBefore/NotOnOrAfter, 0 to 86400 (default: "
                        + "${DEFAULT-VALUE}).")
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) Long.valueOf(validation.clockSkewSeconds);
                    }
                })
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        validation.clockSkew((Long) value);
                        return null;
                    }
                }).build());

        spec.addOption(option(command, "purpose", Purpose.class, "--purpose", "messaging|agent", "Customer Web Messaging "
                + "(default for JWT) or agent SSO (default for SAML; QM fields required).").build());
        spec.addOption(option(command.output, "format", FormatOption.Format.class, "--format", "text|json",
                "Human text (default) or one JSON document on stdout.").defaultValue("text").build());
        flag(spec, command, "explain", "--explain", "Include the rule trace: the rules that fired, in order, with what "
                + "they matched and wrote; then each of your rules that did not fire, with the first condition no fact "
                + "satisfied.");
        spec.addOption(option(command.failOn, "level", FailOnOption.Level.class, "--fail-on", "warning|error",
                "Exit 1 on verdict fail (error, the default), or on warn too (warning): for CI gates.")
                .defaultValue("error").build());
        spec.addOption(option(command.color, "mode", ColorOption.Mode.class, "--color", "auto|always|never",
                "Colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never (default: "
                        + "${DEFAULT-VALUE}).").defaultValue("auto").build());
        // as picocli's mixinStandardHelpOptions (whose mixin it would build by reflection)
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .paramLabel("<helpRequested>").initialValue(false).hasInitialValue(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .paramLabel("<versionRequested>").initialValue(false).hasInitialValue(true)
                .description("Print version information and exit.").build());

        command.spec = spec;
        validation.spec = spec; // @Spec(MIXEE): the command the options were given to
        return new CommandLine(spec);
    }

    private static OptionSpec.Builder option(Object owner, String field, Class<?> type, String name, String label,
                                             String description) {
        FieldBinding binding = field(owner, field);
        return OptionSpec.builder(name).paramLabel(label).type(type).description(description)
                .getter(binding).setter(binding).initialValue(binding.get()).hasInitialValue(true);
    }

    private static void list(CommandSpec spec, Object owner, String field, Class<?> element, String name, String label,
                             String description) {
        spec.addOption(option(owner, field, List.class, name, label, description).auxiliaryTypes(element).build());
    }

    private static void flag(CommandSpec spec, Object owner, String field, String name, String description) {
        spec.addOption(option(owner, field, boolean.class, name, "<" + field + ">", description).build());
    }

    private static FieldBinding field(Object owner, String name) {
        try {
            Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return new FieldBinding(owner, field);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(owner.getClass().getSimpleName() + " has no field " + name, e);
        }
    }

    /** An option's value in a field of the object that holds it, as picocli binds an annotated field. */
    private record FieldBinding(Object owner, Field field) implements IGetter, ISetter {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            try {
                return (T) field.get(owner);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public <T> T set(T value) {
            T previous = get();
            try {
                field.set(owner, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            return previous;
        }
    }
}
