package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.testing.SharedRuleCache;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Facts;
import io.claimmap.engine.result.RuleTrace;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --explain} names, for each user rule that did not fire, the first condition no fact satisfied. */
class MissExplainerTest {
    static final String DRL = """
            package acme;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;

            rule "issuer typo"
            when
                Token( issuer == "https://acme.eu.auth0.com" )
                Claim( name == "https://acme.example/customer_id", $id : value )
            then
                mapping.setExternalId( $id );
            end

            rule "claim name typo"
            when
                Token( issuer == "https://acme.eu.auth0.com/" )
                Claim( name == "customer_id", $id : value )
            then
                mapping.setExternalId( $id );
            end

            rule "value does not match"
            when
                $t : Token( subject != null, kind == "jwt" )
                Claim( name == "groups", values contains "admins" || values contains "owners" )
            then
                mapping.setDepartment( "Admin" );
            end

            rule "a claim that must be absent is there"
            when
                Token( !subjectUrl )
                not Claim( name in ( "department", "team" ) )
            then
                mapping.setDepartment( "none" );
            end

            rule "joins on a bound variable"
            when
                Claim( name == "groups", $g : value )
                Claim( name == "department", value == $g )
            then
                mapping.setDepartment( $g );
            end

            rule "a static call cannot be blamed"
            when
                Token( io.claimmap.engine.facts.Facts.audience( subject ).isEmpty() == false, purpose == "agent" )
            then
                mapping.setAgentName( "x" );
            end

            rule "str and matches"
            when
                Token( subject str[startsWith] "google-oauth2|" )
                Claim( name == "email", value matches ".*@acme\\\\.example" )
            then
                mapping.setAgentName( "y" );
            end

            rule "fires"
            when
                Claim( name == "https://acme.example/customer_id", $id : value )
            then
                mapping.setExternalId( $id );
            end
            """;


    private List<RuleTrace> explain(Map<String, Object> claims) throws Exception {
        RuleSet rules = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("acme.drl", DRL)));
        Facts facts = Facts.fromClaims("jwt", claims, "messaging");
        RuleOutcome outcome = rules.evaluate(facts.token(), facts.claims(), Contacts.NONE);
        return rules.explain(outcome.trace(), facts.token(), facts.claims());
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://acme.eu.auth0.com/");
        claims.put("sub", "auth0|64f1c2");
        claims.put("https://acme.example/customer_id", "C-42");
        claims.put("groups", List.of("staff", "sales"));
        claims.put("department", "Sales");
        claims.put("email", "ada@acme.example");
        return claims;
    }

    private static RuleTrace rule(List<RuleTrace> trace, String name) {
        return trace.stream().filter(t -> t.rule().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + trace));
    }

    @Test
    void namesTheConditionAndTheNearestValue() throws Exception {
        List<RuleTrace> trace = explain(claims());
        assertEquals("fires", trace.get(0).rule());
        assertEquals(RuleTrace.Status.FIRED, trace.get(0).status());
        RuleTrace typo = rule(trace, "issuer typo");
        assertEquals(RuleTrace.Status.NOT_FIRED, typo.status());
        assertEquals("Token( issuer == \"https://acme.eu.auth0.com\" ): the token's issuer is \"https://acme.eu.auth0.com/\"",
                typo.unmatched());
        assertEquals("Claim( name == \"customer_id\" ): no claim has that name; the nearest name is "
                + "\"https://acme.example/customer_id\"", rule(trace, "claim name typo").unmatched());
        assertEquals(1, rule(trace, "claim name typo").matched().size(), "the Token condition matched");
        assertEquals("Claim( values contains \"admins\" || values contains \"owners\" ): the claim \"groups\" has values "
                + "[\"staff\", \"sales\"]", rule(trace, "value does not match").unmatched());
        assertEquals("not Claim( name in ( \"department\", \"team\" ) ): the claim \"department\" (\"Sales\") is there",
                rule(trace, "a claim that must be absent is there").unmatched().replace("(\"department\", \"team\")",
                        "( \"department\", \"team\" )"));
        assertEquals("Claim( value == $g ): the claim \"department\" has value \"Sales\"",
                rule(trace, "joins on a bound variable").unmatched());
        assertEquals("Token( purpose == \"agent\" ): the token's purpose is \"messaging\"",
                rule(trace, "a static call cannot be blamed").unmatched());
        assertEquals("Token( subject str[startsWith] \"google-oauth2|\" ): the token's subject is \"auth0|64f1c2\"",
                rule(trace, "str and matches").unmatched());
        assertEquals(8, trace.size(), "one entry per rule: " + trace);
    }

    @Test
    void aMissingTokenPropertyAndAnUnexplainableMissAreSaidSo() throws Exception {
        Map<String, Object> claims = claims();
        claims.remove("iss");
        claims.put("email", "ada@acme.example");
        claims.put("groups", List.of("x"));
        claims.put("department", "x");
        List<RuleTrace> trace = explain(claims);
        assertEquals("Token( issuer == \"https://acme.eu.auth0.com\" ): the token has no issuer",
                rule(trace, "issuer typo").unmatched());
        // Both conditions hold and yet it did not fire: it did (the join holds), so it is not in the misses.
        assertEquals(RuleTrace.Status.FIRED, rule(trace, "joins on a bound variable").status());
    }

    @Test
    void controlCharactersInValuesAreEscaped() throws Exception {
        Map<String, Object> claims = claims();
        claims.put("iss", "https://evil\u001b[31m\u202e/");
        String unmatched = rule(explain(claims), "issuer typo").unmatched();
        assertTrue(unmatched.endsWith("\"https://evil\\u001b[31m\\u202e/\""), unmatched);
    }

    @Test
    void conditionsParseAndEvaluateInThreeValues() {
        Map<String, Object> bindings = new java.util.HashMap<>();
        Claim claim = new Claim("groups", List.of("a", "b"));
        assertEquals(Condition.Result.TRUE, Condition.parse("values contains \"b\" && name != null").evaluate(claim, bindings).result());
        assertEquals(Condition.Result.FALSE, Condition.parse("value.length() > 10").evaluate(claim, bindings).result());
        assertEquals(Condition.Result.TRUE, Condition.parse("$v : value").evaluate(claim, bindings).result());
        assertEquals("a b", bindings.get("$v"));
        assertEquals(Condition.Result.UNKNOWN, Condition.parse("$unbound == value").evaluate(claim, bindings).result());
        assertEquals(Condition.Result.UNKNOWN, Condition.parse("Foo.bar(value)").evaluate(claim, bindings).result());
        assertEquals(Condition.Result.UNKNOWN, Condition.parse("value ~~ nonsense").evaluate(claim, bindings).result());
        assertEquals(Condition.Result.TRUE, Condition.parse("name not in (\"x\", \"y\")").evaluate(claim, bindings).result());
        assertEquals(Condition.Result.FALSE, Condition.parse("value not matches \"a.*\"").evaluate(claim, bindings).result());
        assertNull(Condition.parse("name == \"x\"").evaluate(claim, bindings).path() == null ? "name" : null);
    }
}
