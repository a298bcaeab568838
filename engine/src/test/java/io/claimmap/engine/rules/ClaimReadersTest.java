package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Token;
import io.claimmap.engine.testing.SharedRuleCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which rules can match a Claim fact, and which tokens keep them from it: derived from the compiled rules, and on the
 * safe side (claims inserted) whenever a rule's shape is not understood.
 */
class ClaimReadersTest {
    static final String DRL = """
            package shapes;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;

            rule "agents' department"
            when
                Token( purpose == "agent" )
                Claim( name == "department", $d : value )
            then
                mapping.setDepartment( $d );
            end

            rule "agents without a department, from Okta"
            when
                Token( purpose == "agent", issuer == "https://acme.okta.com" )
                not Claim( name == "department" )
            then
            end

            rule "any claim"
            when
                Claim( name == "department" )
            then
            end

            rule "any object, agents"
            when
                Token( purpose == "agent" )
                Object( this != null )
            then
            end

            rule "a token only"
            when
                Token( kind == "jwt" )
            then
            end

            rule "guard under not"
            when
                not Token( purpose == "messaging" )
                Claim( name == "department" )
            then
            end

            rule "guard in an or"
            when
                ( Token( purpose == "agent" ) or Token( kind == "saml" ) )
                Claim( name == "department" )
            then
            end

            rule "a claim inside exists, agents"
            when
                Token( purpose == "agent" )
                exists Claim( name == "department" )
            then
            end
            """;
    static Map<String, Rule> rules;

    @BeforeAll
    static void compile() throws Exception {
        RuleSet set = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("shapes.drl", DRL)));
        rules = new java.util.HashMap<>();
        for (KiePackage pkg : set.kieBase().getKiePackages()) {
            pkg.getRules().forEach(rule -> rules.put(rule.getName(), rule));
        }
    }

    private static ClaimReaders of(String... names) {
        return ClaimReaders.of(java.util.Arrays.stream(names).map(rules::get).toList());
    }

    private static Token token(String kind, String issuer, String purpose) {
        return new Token(kind, issuer, "42", List.of(), null, null, purpose, Map.of());
    }

    @Test
    void aRuleGuardedByTheTokensPurposeReadsClaimsOnlyForThatPurpose() {
        ClaimReaders readers = of("agents' department", "any object, agents", "a claim inside exists, agents",
                "a token only");
        assertFalse(readers.always());
        assertEquals(3, readers.guardedReaders(), "a rule without a pattern that can match a Claim reads none");
        assertTrue(readers.needed(token("jwt", "https://idp", "agent")));
        assertTrue(readers.needed(token("saml", "https://idp", "agent")));
        assertFalse(readers.needed(token("jwt", "https://idp", "messaging")));
        assertFalse(readers.needed(token("saml", "https://idp", "messaging")));
    }

    @Test
    void everyGuardConstraintOfAPatternMustPass() {
        ClaimReaders readers = of("agents without a department, from Okta");
        assertTrue(readers.needed(token("jwt", "https://acme.okta.com", "agent")));
        assertFalse(readers.needed(token("jwt", "https://other.example.com", "agent")));
        assertFalse(readers.needed(token("jwt", "https://acme.okta.com", "messaging")));
    }

    @Test
    void claimsAreAlwaysInsertedForARuleWithoutATopLevelTokenGuard() {
        for (String rule : List.of("any claim", "guard under not", "guard in an or")) {
            ClaimReaders readers = of("agents' department", rule);
            assertTrue(readers.always(), rule);
            assertTrue(readers.needed(token("jwt", "https://idp", "messaging")), rule);
        }
    }

    @Test
    void rulesThatReadNoClaimsNeedNone() {
        ClaimReaders readers = of("a token only");
        assertFalse(readers.always());
        assertFalse(readers.needed(token("jwt", "https://idp", "agent")));
    }
}
