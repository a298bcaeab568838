package io.claimmap.engine;

import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.rules.RuleSet;

import java.time.Duration;
import java.util.List;

/**
 * Everything a {@link Validator} trusts and checks against, opened and compiled; built once (usually by
 * {@link ValidationSettings#validator()}), shared by every validation.
 *
 * @param unverified an explicit preview of unverified input: {@code SIGNATURE_NOT_CHECKED} is a warning, not an error
 * @param genesys    the Genesys Cloud org ({@code --genesys}) that External Contacts and agents' users are looked up
 *                   in instead of {@code contacts}, or null; whoever built the config closes it
 */
public record ValidatorConfig(List<KeySource> keySources, List<String> issuers, List<String> audiences,
                              Duration clockSkew, Contacts contacts, RuleSet rules, boolean unverified,
                              GenesysOrg genesys) {
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** A day: more would hide real expiry problems (and much more overflows time arithmetic). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    public ValidatorConfig {
        keySources = List.copyOf(keySources);
        issuers = List.copyOf(issuers);
        audiences = List.copyOf(audiences);
        contacts = contacts == null ? Contacts.NONE : contacts;
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("the clock skew must be between 0 and " + MAX_CLOCK_SKEW.toSeconds() + " seconds");
        }
    }

    /** No Genesys Cloud org: contacts from an export at most. */
    public ValidatorConfig(List<KeySource> keySources, List<String> issuers, List<String> audiences,
                           Duration clockSkew, Contacts contacts, RuleSet rules, boolean unverified) {
        this(keySources, issuers, audiences, clockSkew, contacts, rules, unverified, null);
    }

    /** Fail-closed: unverifiable input fails. */
    public ValidatorConfig(List<KeySource> keySources, List<String> issuers, List<String> audiences,
                           Duration clockSkew, Contacts contacts, RuleSet rules) {
        this(keySources, issuers, audiences, clockSkew, contacts, rules, false);
    }

    public ValidatorConfig withRules(RuleSet next) {
        return new ValidatorConfig(keySources, issuers, audiences, clockSkew, contacts, next, unverified, genesys);
    }
}
