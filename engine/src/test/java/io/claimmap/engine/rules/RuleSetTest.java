package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.testing.SharedRuleCache;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSetTest {
    static final String DRL = """
            package acme.rules;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;
            global Findings findings;

            rule "employee number is the externalId"
            when
                Token( issuer == "https://acme.okta.com" )
                Claim( name == "employee_number", $id : value )
            then
                mapping.setExternalId( $id );
            end

            rule "contractors are flagged"
            when
                Claim( name == "groups", values contains "contractors" )
            then
                findings.warning( "ACME_CONTRACTOR", "a contractor signed in", "nothing to do" );
            end
            """;

    @TempDir
    Path cache;

    private static Token token(Map<String, Object> claims) {
        return new Token("jwt", (String) claims.get("iss"), (String) claims.get("sub"), List.of(), null, "RS256",
                "messaging", claims);
    }

    @Test
    void compilesRunsAndTracesUserRules() throws Exception {
        RuleSet rules = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("acme.drl", DRL)));
        Map<String, Object> claims = Map.of("iss", "https://acme.okta.com", "sub", "00u1",
                "employee_number", "E-1234", "groups", List.of("staff", "contractors"));
        RuleOutcome outcome = rules.evaluate(token(claims), Claim.fromClaims(claims), Contacts.NONE);
        assertEquals("E-1234", outcome.mapping().externalId());
        assertEquals("ACME_CONTRACTOR", outcome.findings().get(0).code());
        assertEquals("acme.rules » contractors are flagged", outcome.findings().get(0).rule());
        assertTrue(outcome.trace().stream().anyMatch(t -> t.qualifiedName().equals("acme.rules » employee number is the externalId")
                && t.writes().equals(Map.of("externalId", "E-1234")) && t.matched().size() == 2), outcome.trace().toString());
        assertTrue(outcome.trace().stream().anyMatch(t -> t.rule().equals("contractors are flagged")
                && t.raised().equals(List.of("ACME_CONTRACTOR"))), outcome.trace().toString());
    }

    @Test
    void reusesTheCompiledRulesFromTheCache() throws Exception {
        RuleSetLoader loader = new RuleSetLoader(cache);
        RuleSet first = loader.load(false, List.of(new RuleSource("acme.drl", DRL)));
        RuleSet second = loader.load(false, List.of(new RuleSource("elsewhere/acme.drl", DRL)));
        assertEquals(first.revision(), second.revision());
        assertEquals(1, java.nio.file.Files.list(cache.resolve("rules")).count());
    }

    @Test
    void reportsFileLineAndColumnForRulesThatDoNotCompile() {
        String broken = "package acme.rules;\nimport io.claimmap.engine.facts.*;\n\nrule \"bad\"\nwhen\n    Token( isuer == \"x\" )\nthen\nend\n";
        var e = assertThrows(RuleCompilationException.class,
                () -> new RuleSetLoader(cache).load(false, List.of(new RuleSource("rules/broken.drl", broken))));
        assertTrue(e.getMessage().startsWith("rules/broken.drl:6:"), e.getMessage());
    }

    @Test
    void locatesAnErrorInAConsequenceInTheDrlNotInGeneratedJava() {
        String broken = "package acme.rules;\nimport io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\n\n"
                + "rule \"bad consequence\"\nwhen\n    Token( $sub : subject )\nthen\n    int n = $sub;\nend\n";
        var e = assertThrows(RuleCompilationException.class,
                () -> new RuleSetLoader(cache).load(false, List.of(new RuleSource("rules/consequence.drl", broken))));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rules/consequence.drl:9:5: "), e.getMessage());
    }

    @Test
    void reportsSyntaxErrorsOnce() {
        String broken = "package acme.rules;\n\nrule \"no when\"\nthen\nend\nend\n";
        var e = assertThrows(RuleCompilationException.class,
                () -> new RuleSetLoader(cache).load(false, List.of(new RuleSource("rules/syntax.drl", broken))));
        assertTrue(e.getMessage().startsWith("rules/syntax.drl:"), e.getMessage());
        assertTrue(e.problems().stream().noneMatch(p -> p.message().contains("null Package")), e.getMessage());
    }

    @Test
    void refusesTheReservedBuiltinPackage() {
        var e = assertThrows(RuleCompilationException.class, () -> new RuleSetLoader(cache).load(false,
                List.of(new RuleSource("x.drl", "package io.claimmap.rules.builtin.salesforce;\n"))));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }
}
