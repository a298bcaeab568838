package io.claimmap.engine.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every problem of every file compiled together, each at its line and column in the .drl written, whatever phase
 * of Drools it comes from, and rules that compile but cannot load are problems too, never a rule set that fails later.
 */
class RuleProblemsTest {
    private static final String HEADER = "package %s;\nimport io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\n\n";

    @TempDir
    Path cache;

    private static RuleSource file(String name, String body) {
        return new RuleSource("rules/" + name + ".drl", HEADER.formatted("acme." + name) + body);
    }

    private static String rule(String name, String when, String then) {
        return "rule \"" + name + "\"\nwhen\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    @Test
    void everyProblemOfEveryFileOfOneBatchAtItsLineAndColumn() {
        List<RuleSource> files = List.of(
                file("declared", "declare Visit\n    place : Nowhere\nend\n" + rule("a", "Token( )", "")),
                file("global", "global com.acme.Nope thing;\n" + rule("a", "Token( )", "")),
                file("unknownclass", rule("a", "Foo( )", "")),
                file("tworules", rule("a", "Token( issuerr == \"x\" )", "") + rule("b", "Token( )",
                        "mapping.setExternalID( \"x\" );")),
                file("shortname", rule("a", "$t : Token( )", "mapping.setExternalId( $x );")),
                file("constructor", rule("a", "Token( )", "insert( new Claim( \"x\", \"y\" ) );")),
                file("clean", rule("a", "Token( )", "mapping.setDepartment( \"d\" );")));
        List<String> problems = RuleCompiler.check(files).stream().map(RuleProblem::toString).toList();
        String all = String.join("\n", problems);
        for (String expected : List.of(
                "rules/declared.drl:6:13: error: Nowhere cannot be resolved to a type",
                "rules/global.drl:5:1: error: Unable to find class 'com.acme.Nope'",
                "rules/unknownclass.drl:7:5: error: Unable to find class: Foo",
                "rules/tworules.drl:7:12: error: Unable to parse left part of expression: issuerr == \"x\"",
                "rules/tworules.drl:15:13: error: The method setExternalID(String) is undefined",
                "rules/shortname.drl:9:28: error: $x cannot be resolved to a variable",
                "rules/constructor.drl:9:17: error: The constructor Claim(String, String) is undefined")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), expected + " in:\n" + all);
        }
        assertEquals(7, problems.size(), all);
        assertTrue(problems.stream().allMatch(p -> p.startsWith("rules/") && !p.startsWith("rules:")), all);
    }

    @Test
    void rulesThatCompileButCannotLoadAreProblemsAtTheirLine() {
        RuleSource regex = file("regex", rule("a", "Token( subject matches \"(\" )", ""));
        RuleSource salience = file("salience", "rule \"a\" salience \"high\"\nwhen\n    Token( )\nthen\nend\n");
        List<String> problems = RuleCompiler.check(List.of(regex, salience)).stream().map(RuleProblem::toString).toList();
        assertEquals(List.of(
                "rules/regex.drl:7:28: error: \"(\" is not a regular expression: Unclosed group [COMPILE_ERROR]",
                "rules/salience.drl:5:19: error: the rule cannot be loaded: Error parsing time string: [ high ] [COMPILE_ERROR]"),
                problems);
        var e = assertThrows(RuleCompilationException.class, () -> new RuleSetLoader(cache).load(false, List.of(regex)));
        assertTrue(e.getMessage().startsWith("rules/regex.drl:7:28: "), e.getMessage());
    }

    @Test
    void expressionsNestedTooDeeplyAreAProblemNotAStackOverflow() {
        String deep = "(".repeat(50_000) + "\"a\"" + ")".repeat(50_000);
        RuleSource consequence = file("deepthen", rule("a", "Token( )", "mapping.setExternalId( " + deep + " );"));
        RuleSource condition = file("deepwhen", rule("a", "Token( subject == " + deep + " )", ""));
        List<String> problems = RuleCompiler.check(List.of(consequence, condition)).stream().map(RuleProblem::toString).toList();
        assertEquals(List.of(
                "rules/deepthen.drl:9:5: error: the consequence of rule \"a\" nests expressions too deeply to be compiled [COMPILE_ERROR]",
                "rules/deepwhen.drl:1:1: error: the file cannot be parsed: it nests expressions too deeply [COMPILE_ERROR]"),
                problems);
    }

    @Test
    void aBatchHoldsABoundedNumberOfRulesNotOnlyOfFiles() {
        List<RuleSource> files = new java.util.ArrayList<>();
        for (int f = 0; f < 10; f++) {
            StringBuilder rules = new StringBuilder();
            for (int r = 0; r < 100; r++) {
                rules.append(rule("r" + r, "Token( )", ""));
            }
            files.add(file("many" + f, rules.toString()));
        }
        List<List<RuleSource>> batches = RuleCompiler.batches(files);
        assertEquals(5, batches.size(), "ten files of 100 rules ran out of the CLI's memory in one batch");
        assertTrue(batches.stream().allMatch(batch -> batch.stream().mapToInt(RuleCompiler::ruleCount).sum()
                <= RuleCompiler.BATCH_RULES));
    }

    @Test
    void twoCachedFilesNamingARuleAlikeAreRefusedAsWithAnEmptyCache() throws Exception {
        String body = "package acme.twice;\nimport io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\n"
                + "rule \"same\" when Token( ) then mapping.setDepartment( \"%s\" ); end\n";
        RuleSource a = new RuleSource("rules/a.drl", body.formatted("A"));
        RuleSource b = new RuleSource("rules/b.drl", body.formatted("B"));
        new RuleSetLoader(cache).load(false, List.of(a));
        new RuleSetLoader(cache).load(false, List.of(b));
        var e = assertThrows(RuleCompilationException.class, () -> new RuleSetLoader(cache).load(false, List.of(a, b)));
        assertTrue(e.getMessage().startsWith("rules/b.drl:4:1: error: the package acme.twice already has a rule named \"same\""),
                e.getMessage());
    }

    @Test
    void aDamagedCacheEntryIsCompiledAgain() throws Exception {
        RuleSource source = file("cached", rule("a", "Token( )", "mapping.setDepartment( \"d\" );"));
        new RuleSetLoader(cache).load(false, List.of(source));
        try (Stream<Path> models = Files.walk(cache).filter(p -> p.endsWith(CompiledRules.MODELS_FILE))) {
            for (Path list : models.toList()) {
                Files.writeString(list, "acme.cached.NoSuchModel\n");
            }
        }
        RuleSet rules = new RuleSetLoader(cache).load(false, List.of(source));
        assertEquals(List.of("acme.cached"), rules.packs().stream().map(RulePack::name).toList());
    }
}
