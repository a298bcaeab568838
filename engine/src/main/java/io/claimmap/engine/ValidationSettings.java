package io.claimmap.engine;

import io.claimmap.engine.contacts.ContactsException;
import io.claimmap.engine.contacts.ContactsLoader;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.genesys.CachedGenesysOrg;
import io.claimmap.engine.genesys.GenesysConfigException;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.genesys.GenesysOrgs;
import io.claimmap.engine.genesys.GenesysSettings;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeySourceSpec;
import io.claimmap.engine.rules.EvaluationBudget;
import io.claimmap.engine.rules.RuleCompilationException;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a user configures for validation, as every command and the server take it: what to trust (key
 * sources, issuers, audiences, clock skew), which rules, which contacts, and whether unverified input may be
 * previewed. The one way to build a {@link Validator}.
 *
 * @param keySources   trusted keys and certificates; none means nothing can be verified (see {@code unverified})
 * @param rules        {@code .drl} files or folders, added to the built-in packs unless {@code builtinRules} is false
 * @param contacts     a Genesys Cloud External Contacts export, or null
 * @param unverified   lowers {@code SIGNATURE_NOT_CHECKED} to a warning: an explicit preview of unverified claims
 * @param ruleCache    where compiled user rules are kept; null for {@link RuleSetLoader#defaultCacheDir()}
 * @param genesys      the Genesys Cloud org to ask ({@code --genesys}), or null; its {@code toString} hides the secret
 * @param budget       what each rule evaluation may spend (firings, time) before it becomes {@code RULE_FAILED}
 */
public record ValidationSettings(List<KeySourceSpec> keySources, List<String> issuers, List<String> audiences,
                                 Duration clockSkew, List<Path> rules, boolean builtinRules, Path contacts,
                                 boolean unverified, Path ruleCache, GenesysSettings genesys, EvaluationBudget budget) {
    public ValidationSettings {
        java.util.Objects.requireNonNull(budget, "budget");
        keySources = List.copyOf(keySources);
        issuers = List.copyOf(issuers);
        audiences = List.copyOf(audiences);
        rules = List.copyOf(rules);
        if (clockSkew.isNegative() || clockSkew.compareTo(ValidatorConfig.MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("the clock skew must be between 0 and "
                    + ValidatorConfig.MAX_CLOCK_SKEW.toSeconds() + " seconds");
        }
    }

    /** Built-in packs only, no keys: a starting point for {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().keySources(keySources).issuers(issuers).audiences(audiences).clockSkew(clockSkew)
                .rules(rules).builtinRules(builtinRules).contacts(contacts).unverified(unverified).ruleCache(ruleCache)
                .genesys(genesys).budget(budget);
    }

    /**
     * Opens the key sources, reads the contacts, opens the Genesys Cloud org and compiles the rules. The org (no
     * request is made until the first look-up) is {@code validator.config().genesys()}: whoever builds the validator
     * closes it.
     */
    public Validator validator() throws SettingsException {
        // Keys before rules: a cold CLI run reads them while the built-in rules are still being built on the other
        // core (RuleSetLoader.prefetchBuiltin), instead of after.
        List<KeySource> sources = openKeySources();
        return new Validator(config(sources, compileRules()));
    }

    /** The trust and contacts of these settings around an already compiled rule set. */
    public ValidatorConfig config(RuleSet ruleSet) throws SettingsException {
        return config(openKeySources(), ruleSet);
    }

    private List<KeySource> openKeySources() throws SettingsException {
        List<KeySource> sources = new ArrayList<>();
        for (KeySourceSpec spec : keySources) {
            try {
                sources.add(spec.open());
            } catch (KeyConfigException e) {
                throw new SettingsException(e.getMessage(), e);
            }
        }
        return sources;
    }

    private ValidatorConfig config(List<KeySource> sources, RuleSet ruleSet) throws SettingsException {
        if (contacts != null && genesys != null) {
            throw new SettingsException("--contacts and --genesys both say which External Contacts exist: give one "
                    + "(--genesys asks the org itself)");
        }
        Contacts directory = Contacts.NONE;
        if (contacts != null) {
            try {
                directory = ContactsLoader.load(contacts);
            } catch (ContactsException e) {
                throw new SettingsException("--contacts " + e.getMessage(), e);
            }
        }
        return new ValidatorConfig(sources, issuers, audiences, clockSkew, directory, ruleSet, unverified, openGenesys());
    }

    /**
     * The org, behind a cache, a rate and a concurrency limit ({@link CachedGenesysOrg}): one client and token for
     * every validation of this config (a server's requests, a corpus). Only here are the Genesys classes touched, so
     * nothing of the SDK loads without {@code --genesys}.
     */
    private GenesysOrg openGenesys() throws SettingsException {
        if (genesys == null) {
            return null;
        }
        try {
            return new CachedGenesysOrg(GenesysOrgs.open(genesys));
        } catch (GenesysConfigException e) {
            throw new SettingsException(e.getMessage(), e);
        }
    }

    /**
     * Reads the rule files afresh and compiles them (from the cache when unchanged), with this budget for each
     * evaluation: at start and on every reload.
     */
    public RuleSet loadRules() throws RuleCompilationException, IOException {
        List<RuleSource> sources = RuleSource.readAll(rules);
        return new RuleSetLoader(ruleCache == null ? RuleSetLoader.defaultCacheDir() : ruleCache)
                .load(builtinRules, sources).withBudget(budget);
    }

    /** {@link #loadRules()} with its failures as a {@link SettingsException} a user can read. */
    public RuleSet compileRules() throws SettingsException {
        if (!builtinRules && rules.isEmpty()) {
            throw new SettingsException("--no-builtin-rules needs at least one --rules PATH");
        }
        try {
            return loadRules();
        } catch (RuleCompilationException e) {
            throw new SettingsException("rules do not compile:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new SettingsException("--rules " + describe(e), e);
        }
    }

    /** Whether any configured source may verify this kind of input. */
    public boolean hasKeySources() {
        return !keySources.isEmpty();
    }

    /** An I/O failure as one line: the file and what is wrong with it. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": " + (missing.getReason() == null ? "no such file" : missing.getReason());
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage();
    }

    /** Fluent construction, for front ends and tests. */
    public static final class Builder {
        private List<KeySourceSpec> keySources = List.of();
        private List<String> issuers = List.of();
        private List<String> audiences = List.of();
        private Duration clockSkew = ValidatorConfig.DEFAULT_CLOCK_SKEW;
        private List<Path> rules = List.of();
        private boolean builtinRules = true;
        private Path contacts;
        private boolean unverified;
        private Path ruleCache;
        private GenesysSettings genesys;
        private EvaluationBudget budget = EvaluationBudget.DEFAULT;

        private Builder() {
        }

        public Builder keySources(List<KeySourceSpec> value) {
            keySources = value;
            return this;
        }

        public Builder keySource(KeySourceSpec value) {
            List<KeySourceSpec> more = new ArrayList<>(keySources);
            more.add(value);
            keySources = more;
            return this;
        }

        public Builder issuers(List<String> value) {
            issuers = value;
            return this;
        }

        public Builder audiences(List<String> value) {
            audiences = value;
            return this;
        }

        public Builder clockSkew(Duration value) {
            clockSkew = value;
            return this;
        }

        public Builder rules(List<Path> value) {
            rules = value;
            return this;
        }

        public Builder builtinRules(boolean value) {
            builtinRules = value;
            return this;
        }

        public Builder contacts(Path value) {
            contacts = value;
            return this;
        }

        public Builder unverified(boolean value) {
            unverified = value;
            return this;
        }

        public Builder ruleCache(Path value) {
            ruleCache = value;
            return this;
        }

        public Builder genesys(GenesysSettings value) {
            genesys = value;
            return this;
        }

        public Builder budget(EvaluationBudget value) {
            budget = value;
            return this;
        }

        public ValidationSettings build() {
            return new ValidationSettings(keySources, issuers, audiences, clockSkew, rules, builtinRules, contacts,
                    unverified, ruleCache, genesys, budget);
        }
    }
}
