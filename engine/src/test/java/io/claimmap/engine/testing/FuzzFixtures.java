package io.claimmap.engine.testing;

import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.contacts.ContactsLoader;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeySources;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the fuzz tests check messages against: the examples' keys (copies in test resources fuzz/), so that the seeds
 * taken from examples/ verify and mutations start from a message that passes, at the examples' instant.
 */
public final class FuzzFixtures {
    /**
     * The lock every fuzz test holds: one at a time, as Jazzer's state is JVM-wide, beside the other test classes.
     * Its hooks are off while seeds are replayed (engine/pom.xml); with them on ({@code -Dclaimmap.fuzz.hooks=true}),
     * which report what any thread does to the fuzz test running, add {@code -Dclaimmap.tests.parallel=false}.
     */
    public static final String JAZZER = "jazzer";

    /** The instant every example is valid at. */
    public static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    static final String RULES = """
            package fuzz.rules;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;

            rule "externalId is the subject"
            when
                Token( $subject : subject != null )
            then
                mapping.setExternalId( $subject );
            end

            rule "agent name"
            when
                Claim( name == "name" || name == "displayName", $name : value )
            then
                mapping.setAgentName( $name );
            end
            """;

    private static Validator validator;

    private FuzzFixtures() {
    }

    /** The examples' JWK Sets (OIDC) and the certificate that signed examples/saml-okta/response.xml (SAML). */
    public static List<KeySource> exampleKeys() {
        try {
            return List.of(KeySources.jwks(resource("fuzz/examples-jwks.json").toString()),
                    KeySources.pem(resource("fuzz/okta-saml-2025.cert.pem").toString()));
        } catch (KeyConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validator with the examples' keys and contacts and a two-rule set; compiled once. */
    public static synchronized Validator validator() {
        if (validator == null) {
            try {
                RuleSet rules = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("fuzz.drl", RULES)));
                validator = new Validator(new ValidatorConfig(exampleKeys(), List.of(), List.of(), Duration.ofSeconds(60),
                        ContactsLoader.load(resource("fuzz/contacts.json")), rules));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return validator;
    }

    static Path resource(String name) {
        try {
            return Path.of(FuzzFixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
