package io.claimmap.cli;

import io.claimmap.engine.SettingsException;
import io.claimmap.engine.ValidationSettings;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.keys.KeySourceSpec;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What to trust and check against: keys and certificates, issuer, audience, time, rules, contacts and the Genesys
 * Cloud org ({@code --genesys}, whose org {@code validator().config().genesys()} the command closes). A picocli
 * mixin shared by every command that validates; {@link #settings()} turns it into the engine's
 * {@link ValidationSettings}, which builds the validator.
 */
public final class ValidationOptions {
    @Option(names = "--jwks", paramLabel = "FILE|URL", description = "Trusted keys as a JWK Set file or https URL.")
    List<String> jwks = new ArrayList<>();

    @Option(names = "--discovery", paramLabel = "URL", description = "An OIDC issuer (or its /.well-known/openid-configuration): "
            + "keys from its jwks_uri, and iss must equal its issuer.")
    List<String> discovery = new ArrayList<>();

    @Option(names = "--key", paramLabel = "FILE", description = "A PEM public key or X.509 certificate.")
    List<String> keys = new ArrayList<>();

    @Option(names = "--saml-metadata", paramLabel = "FILE|URL", description = "SAML IdP metadata file or https URL; "
            + "its signing certificates are trusted.")
    List<String> samlMetadata = new ArrayList<>();

    @Option(names = "--issuer", paramLabel = "ISS", description = "Required iss or SAML Issuer, compared exactly.")
    List<String> issuers = new ArrayList<>();

    @Option(names = "--audience", paramLabel = "AUD", description = "Accepted audience (the client id); the token must name at least one.")
    List<String> audiences = new ArrayList<>();

    @Mixin
    NowOption time = new NowOption();

    long clockSkewSeconds = ValidatorConfig.DEFAULT_CLOCK_SKEW.toSeconds();

    @Option(names = "--rules", paramLabel = "PATH", description = "A .drl file or a folder of them, added to the built-in packs.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin-rules", description = "Use only the --rules given.")
    boolean noBuiltinRules;

    @Mixin
    RuleBudgetOptions ruleBudget = new RuleBudgetOptions();

    @Option(names = "--contacts", paramLabel = "FILE", description = "A Genesys Cloud External Contacts export (API JSON or CSV with an externalId column).")
    Path contacts;

    @Mixin
    GenesysOption genesys = new GenesysOption();

    @Option(names = "--unverified", description = "Preview the claims of input no configured key can verify: "
            + "SIGNATURE_NOT_CHECKED becomes a warning instead of failing. Never for production decisions.")
    boolean unverified;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--clock-skew", paramLabel = "SECONDS", defaultValue = "60",
            description = "Tolerance for exp, nbf, iat and SAML NotBefore/NotOnOrAfter, 0 to 86400 (default: ${DEFAULT-VALUE}).")
    void clockSkew(long seconds) {
        if (seconds < 0 || seconds > ValidatorConfig.MAX_CLOCK_SKEW.toSeconds()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--clock-skew': "
                    + "must be between 0 and " + ValidatorConfig.MAX_CLOCK_SKEW.toSeconds() + " seconds, not " + seconds);
        }
        clockSkewSeconds = seconds;
    }

    public Instant now() {
        return time.now();
    }

    public NowOption time() {
        return time;
    }

    public Supplier<Instant> clock() {
        return time.clock();
    }

    public List<KeySourceSpec> keySources() {
        List<KeySourceSpec> specs = new ArrayList<>();
        jwks.forEach(location -> specs.add(KeySourceSpec.jwks(location)));
        discovery.forEach(location -> specs.add(KeySourceSpec.discovery(location)));
        keys.forEach(location -> specs.add(KeySourceSpec.key(location)));
        samlMetadata.forEach(location -> specs.add(KeySourceSpec.samlMetadata(location)));
        return specs;
    }

    /** The engine's settings for these options. */
    public ValidationSettings settings() {
        return ValidationSettings.builder().keySources(keySources()).issuers(issuers).audiences(audiences)
                .clockSkew(Duration.ofSeconds(clockSkewSeconds)).rules(rules).builtinRules(!noBuiltinRules)
                .contacts(contacts).unverified(unverified).genesys(genesys.settings()).budget(ruleBudget.budget()).build();
    }

    /** Builds the validator, or says in one line why it cannot be built (exit status 2). */
    public Validator validator() {
        try {
            return settings().validator();
        } catch (SettingsException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static String describe(IOException e) {
        return ValidationSettings.describe(e);
    }
}
