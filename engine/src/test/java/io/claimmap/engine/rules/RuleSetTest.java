package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.testing.SharedRuleCache;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Isolated("counts the files the JVM compiles")
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
        assertTrue(e.getMessage().contains("did you mean issuer?"), e.getMessage());
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
    void refusesTheReservedPackageWhateverComesBeforeIt() {
        var e = assertThrows(RuleCompilationException.class, () -> new RuleSetLoader(cache).load(false,
                List.of(new RuleSource("x.drl", "/* mine */\n\tpackage // really\n io.claimmap.rules.builtin.x;\n"
                        + "import io.claimmap.engine.facts.*;\nrule \"r\" when Token() then end\n"))));
        assertEquals(RuleProblem.RESERVED_PACKAGE, e.problems().get(0).code(), e.getMessage());
        assertEquals(2, e.problems().get(0).line());
        assertEquals(2, e.problems().get(0).column());
    }

    @Test
    void refusesTheReservedBuiltinPackage() {
        var e = assertThrows(RuleCompilationException.class, () -> new RuleSetLoader(cache).load(false,
                List.of(new RuleSource("x.drl", "package io.claimmap.rules.builtin.salesforce;\n"))));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    private static String department(String pkg, String rule, String value) {
        return "package " + pkg + ";\nimport io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\nrule \"" + rule
                + "\"\nwhen\n    Token( )\nthen\n    mapping.setDepartment( \"" + value + "\" );\nend\n";
    }

    @Test
    void aOneFileEditRecompilesOnlyThatFile() throws Exception {
        RuleSetLoader loader = new RuleSetLoader(cache);
        List<RuleSource> sources = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sources.add(new RuleSource("p" + i + ".drl", department("acme.p" + i, "r" + i, "d" + i)));
        }
        sources.add(new RuleSource("same-package.drl", department("acme.p0", "r0 again", "d0")));
        long before = RuleCompiler.FILES_COMPILED.get();
        loader.load(false, sources);
        assertEquals(6, RuleCompiler.FILES_COMPILED.get() - before, "every file compiled once, in batches");
        sources.set(3, new RuleSource("p3.drl", department("acme.p3", "r3", "edited")));
        long beforeEdit = RuleCompiler.FILES_COMPILED.get();
        RuleSet edited = loader.load(false, sources);
        assertEquals(1, RuleCompiler.FILES_COMPILED.get() - beforeEdit, "only the edited file compiled");
        assertEquals(7, java.nio.file.Files.list(cache.resolve("rules")).count());
        assertEquals(6, edited.packs().stream().mapToInt(p -> p.rules().size()).sum());
    }

    @Test
    void equalSalienceFiresInDeclarationOrderFilesInTheOrderGiven() throws Exception {
        RuleSource a = new RuleSource("a.drl", department("acme.order", "from a", "A"));
        RuleSource b = new RuleSource("b.drl", department("acme.order", "from b", "B") .replace("rule \"from b\"",
                "rule \"from b, first\"\nwhen\n    Token( )\nthen\n    mapping.setExternalId( \"b\" );\nend\nrule \"from b\""));
        Map<String, Object> claims = Map.of("iss", "https://acme.okta.com", "sub", "00u1");
        RuleOutcome ab = new RuleSetLoader(cache).load(false, List.of(a, b)).evaluate(token(claims), List.of(), Contacts.NONE);
        assertEquals("B", ab.mapping().qm().department(), ab.trace().toString());
        RuleOutcome ba = new RuleSetLoader(cache).load(false, List.of(b, a)).evaluate(token(claims), List.of(), Contacts.NONE);
        assertEquals("A", ba.mapping().qm().department(), ba.trace().toString());
        assertTrue(ba.findings().stream().anyMatch(f -> f.code().equals("MAPPING_CONFLICT")
                && f.message().startsWith("the rules \"acme.order » from b\" and \"acme.order » from a\"")), ba.findings().toString());
    }

    @Test
    void theCacheEvictsTheLeastRecentlyUsedEntries() throws Exception {
        RuleSetLoader loader = new RuleSetLoader(cache, 2);
        for (String value : List.of("one", "two", "three")) {
            loader.load(false, List.of(new RuleSource("x.drl", department("acme.evict", "r", value))));
        }
        assertEquals(2, java.nio.file.Files.list(cache.resolve("rules")).count());
        long before = RuleCompiler.FILES_COMPILED.get();
        loader.load(false, List.of(new RuleSource("x.drl", department("acme.evict", "r", "three"))));
        assertEquals(0, RuleCompiler.FILES_COMPILED.get() - before, "the most recent entry was kept");
    }

    @Test
    void aCacheFolderThatCannotBeWrittenCostsACompilationNotTheRun() throws Exception {
        // a cache "folder" under a file cannot be made, by root either (as a read-only one, or an unset HOME's)
        Path file = java.nio.file.Files.writeString(cache.resolve("a-file"), "");
        RuleSet rules = new RuleSetLoader(file.resolve("claimmap")).load(false, List.of(new RuleSource("acme.drl", DRL)));
        Map<String, Object> claims = Map.of("iss", "https://acme.okta.com", "sub", "00u1", "employee_number", "E-1234");
        assertEquals("E-1234", rules.evaluate(token(claims), Claim.fromClaims(claims), Contacts.NONE).mapping().externalId());
    }

    @Test
    void theCacheKeyCoversTheFactModel() {
        assertTrue(RuleSetLoader.cacheSalt().matches("claimmap-rules-2\\|[^|]+\\|[^|]+\\|[0-9a-f]{16}"), RuleSetLoader.cacheSalt());
    }
}
