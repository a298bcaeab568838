package io.claimmap.cli;

import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.contacts.ContactsException;
import io.claimmap.engine.contacts.ContactsLoader;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeySources;
import io.claimmap.engine.rules.EvaluationBudget;
import io.claimmap.engine.rules.RuleCompilationException;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What to trust and check against: keys and certificates, issuer, audience, time, rules and contacts. Shared by
 * validate and serve.
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

    @Option(names = "--clock-skew", paramLabel = "SECONDS", defaultValue = "60",
            description = "Tolerance for exp, nbf, iat and SAML NotBefore/NotOnOrAfter (default: ${DEFAULT-VALUE}).")
    long clockSkewSeconds;

    @Option(names = "--rules", paramLabel = "PATH", description = "A .drl file or a folder of them, added to the built-in packs.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-builtin-rules", description = "Use only the --rules given.")
    boolean noBuiltinRules;

    @Mixin
    RuleBudgetOptions ruleBudget = new RuleBudgetOptions();

    @Option(names = "--contacts", paramLabel = "FILE", description = "A Genesys Cloud External Contacts export (API JSON or CSV with an externalId column).")
    Path contacts;

    public Instant now() {
        return time.now();
    }

    public List<RuleSource> ruleSources() {
        List<RuleSource> sources = new ArrayList<>();
        for (Path path : rules) {
            try {
                sources.addAll(RuleSource.read(path));
            } catch (IOException e) {
                throw new UsageException("--rules " + path + ": " + describe(e));
            }
        }
        if (noBuiltinRules && sources.isEmpty()) {
            throw new UsageException("--no-builtin-rules needs at least one --rules PATH");
        }
        return sources;
    }

    /** Loads the rules afresh, reading the --rules files again: for reloads, where errors are reported, not fatal. */
    public RuleSet reloadRules() throws RuleCompilationException, IOException {
        List<RuleSource> sources = new ArrayList<>();
        for (Path path : rules) {
            sources.addAll(RuleSource.read(path));
        }
        return new RuleSetLoader(RuleSetLoader.defaultCacheDir()).load(!noBuiltinRules, sources).withBudget(ruleBudget.budget());
    }

    public List<Path> rulePaths() {
        return List.copyOf(rules);
    }

    public java.util.function.Supplier<Instant> clock() {
        return time.clock();
    }

    public RuleSet loadRules() {
        try {
            EvaluationBudget budget = ruleBudget.budget();
            return new RuleSetLoader(RuleSetLoader.defaultCacheDir()).load(!noBuiltinRules, ruleSources()).withBudget(budget);
        } catch (RuleCompilationException e) {
            throw new UsageException("rules do not compile:\n" + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("rules could not be loaded: " + describe(e));
        }
    }

    public ValidatorConfig toConfig(RuleSet ruleSet) {
        if (clockSkewSeconds < 0 || clockSkewSeconds > ValidatorConfig.MAX_CLOCK_SKEW.toSeconds()) {
            throw new UsageException("--clock-skew must be between 0 and " + ValidatorConfig.MAX_CLOCK_SKEW.toSeconds()
                    + " seconds, not " + clockSkewSeconds);
        }
        now();
        List<KeySource> sources = new ArrayList<>();
        try {
            for (String source : jwks) {
                sources.add(KeySources.jwks(source));
            }
            for (String source : discovery) {
                sources.add(KeySources.discovery(source));
            }
            for (String source : keys) {
                sources.add(KeySources.pem(source));
            }
            for (String source : samlMetadata) {
                sources.add(KeySources.samlMetadata(source));
            }
        } catch (KeyConfigException e) {
            throw new UsageException(e.getMessage());
        }
        Contacts directory = Contacts.NONE;
        if (contacts != null) {
            try {
                directory = ContactsLoader.load(contacts);
            } catch (ContactsException e) {
                throw new UsageException("--contacts " + e.getMessage());
            }
        }
        return new ValidatorConfig(sources, issuers, audiences, Duration.ofSeconds(clockSkewSeconds), directory, ruleSet);
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile() + ": " + (missing.getReason() == null ? "no such file" : missing.getReason());
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        return e.getMessage();
    }
}
