package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.RuleTrace;
import io.claimmap.engine.testing.Runaway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules that misbehave while running: each becomes RULE_FAILED naming the rule, within the budget. */
class MisbehavingRulesTest {
    private static final String HEADER = """
            package acme.bad;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;
            """;

    @TempDir
    Path cache;

    private RuleOutcome run(String rules, EvaluationBudget budget) throws Exception {
        RuleSet set = new RuleSetLoader(cache).load(false, List.of(new RuleSource("bad.drl", HEADER + rules)))
                .withBudget(budget);
        Map<String, Object> claims = Map.of("iss", "https://acme.okta.com", "sub", "00u1");
        Token token = new Token("jwt", "https://acme.okta.com", "00u1", List.of(), null, "RS256", "messaging", claims);
        return set.evaluate(token, Claim.fromClaims(claims), Contacts.NONE);
    }

    private static Finding failed(RuleOutcome outcome) {
        return outcome.findings().stream().filter(f -> f.code().equals("RULE_FAILED")).findFirst()
                .orElseThrow(() -> new AssertionError("no RULE_FAILED in " + outcome.findings()));
    }

    @Test
    void aRuleThatFiresForeverIsStoppedByTheFiringBudget() throws Exception {
        RuleOutcome outcome = run("""
                rule "loops by re-inserting"
                when
                    $t : Token( )
                then
                    insert( new Claim( "x", java.util.List.of( "y" ) ) );
                end
                rule "fires for every claim"
                when
                    Claim( $n : name )
                then
                    insert( new Claim( $n + "x", java.util.List.of( "y" ) ) );
                end
                """, new EvaluationBudget(100, Duration.ofMinutes(1)));
        Finding failed = failed(outcome);
        assertEquals("acme.bad » fires for every claim", failed.rule());
        assertTrue(failed.message().contains("budget of 100 rule firings"), failed.message());
        RuleTrace last = outcome.trace().get(outcome.trace().size() - 1);
        assertEquals("fires for every claim", last.rule(), outcome.trace().toString());
        assertTrue(last.stopped().contains("budget of 100 rule firings"), last.toString());
        assertEquals(1, outcome.trace().stream().filter(t -> t.stopped() != null).count(), "one stop, marked once");
    }

    @Test
    void aConsequenceThatInsertsInALoopIsStoppedBeforeMemoryRunsOut() throws Exception {
        RuleOutcome outcome = run("""
                rule "inserts forever"
                when
                    Token( )
                then
                    int i = 0;
                    while ( i >= 0 ) { insert( new Claim( "c" + i, java.util.List.of( "v" ) ) ); i++; }
                end
                """, new EvaluationBudget(1000, Duration.ofMinutes(1)));
        assertEquals("acme.bad » inserts forever", failed(outcome).rule());
    }

    @Test
    @Timeout(30) // without the deadline the evaluation would wait for the spin forever
    void aConsequenceThatNeverReturnsIsAbandonedAtTheDeadline() throws Exception {
        long before = RuleGuard.overBudget();
        try {
            RuleOutcome outcome = run("""
                    rule "spins"
                    when
                        Token( )
                    then
                        long spins = io.claimmap.engine.testing.Runaway.spin( "MisbehavingRulesTest" );
                        mapping.setDepartment( "" + spins );
                    end
                    """, new EvaluationBudget(1000, Duration.ofMillis(200)));
            Finding failed = failed(outcome);
            assertEquals("acme.bad » spins", failed.rule());
            assertTrue(failed.message().contains("time budget of 200 ms"), failed.message());
            assertTrue(RuleGuard.overBudget() > before);
        } finally {
            Runaway.release("MisbehavingRulesTest"); // the abandoned rule thread ends; without a budget, the test never does
        }
    }

    @Test
    void aConsequenceThatWritesInALoopIsStoppedBeforeMemoryRunsOut() throws Exception {
        RuleOutcome outcome = run("""
                rule "writes forever"
                when
                    Token( $sub : subject )
                then
                    while ( $sub != null ) { mapping.setDepartment( $sub ); }
                end
                """, new EvaluationBudget(1000, Duration.ofMinutes(1)));
        Finding failed = failed(outcome);
        assertEquals("acme.bad » writes forever", failed.rule());
        assertTrue(failed.message().contains("more than 20000"), failed.message());
    }

    @Test
    void errorsBecomeRuleFailedToo() throws Exception {
        RuleOutcome outcome = run("""
                rule "asserts"
                when
                    Token( )
                then
                    throw new AssertionError( "not expected" );
                end
                """, EvaluationBudget.DEFAULT);
        Finding failed = failed(outcome);
        assertEquals("acme.bad » asserts", failed.rule());
        assertEquals("the rule failed while running: AssertionError: not expected", failed.message());
        RuleTrace stopped = outcome.trace().get(outcome.trace().size() - 1);
        assertEquals("asserts", stopped.rule(), "the firing cut short is in the trace");
        assertEquals("the rule failed: AssertionError: not expected", stopped.stopped());
    }

    @Test
    void aStackOverflowBecomesRuleFailed() throws Exception {
        RuleOutcome outcome = run("""
                function int deeper( int n ) { return deeper( n + 1 ) + 1; }
                rule "recurses"
                when
                    Token( )
                then
                    mapping.setExternalId( "" + deeper( 0 ) );
                end
                """, EvaluationBudget.DEFAULT);
        Finding failed = failed(outcome);
        assertEquals("acme.bad » recurses", failed.rule());
        assertTrue(failed.message().contains("StackOverflowError"), failed.message());
    }

    @Test
    void twoRulesOfEqualSalienceWritingOneFieldRaiseMappingConflict() throws Exception {
        RuleOutcome outcome = run("""
                rule "first"
                when
                    Token( )
                then
                    mapping.setDepartment( "sales" );
                end
                rule "second"
                when
                    Token( )
                then
                    mapping.setDepartment( "support" );
                end
                rule "higher salience, no conflict"
                    salience 10
                when
                    Token( )
                then
                    mapping.setDepartment( "early" );
                end
                rule "same value, no conflict"
                when
                    Token( )
                then
                    mapping.setExternalId( "x" );
                end
                rule "same value again"
                when
                    Token( )
                then
                    mapping.setExternalId( "x" );
                end
                """, EvaluationBudget.DEFAULT);
        assertEquals("support", outcome.mapping().qm().department(), "the rule declared later fires later and wins");
        List<Finding> conflicts = outcome.findings().stream().filter(f -> f.code().equals("MAPPING_CONFLICT")).toList();
        assertEquals(1, conflicts.size(), conflicts.toString());
        assertEquals("the rules \"acme.bad » first\" and \"acme.bad » second\" have the same salience and wrote different "
                + "values to qm.department (\"sales\", then \"support\"); the later write wins: \"support\"",
                conflicts.get(0).message());
        assertEquals("acme.bad » second", conflicts.get(0).rule());
        List<RuleTrace> marked = outcome.trace().stream().filter(t -> t.raised().contains("MAPPING_CONFLICT")).toList();
        assertEquals(1, marked.size(), outcome.trace().toString());
        assertEquals("second", marked.get(0).rule(), "the firing whose write conflicted carries the mark");
    }
}
