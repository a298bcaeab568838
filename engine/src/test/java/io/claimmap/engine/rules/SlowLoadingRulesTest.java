package io.claimmap.engine.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A condition that names no fact is computed when the rules load, on the caller's way: one that does not finish in
 * time is a problem at its line, never a check, validate or serve that hangs.
 */
@Isolated("shortens the load timeout of the JVM")
class SlowLoadingRulesTest {
    // Busy for a second, then done: the test leaves no thread spinning behind it.
    private static final RuleSource SLOW = new RuleSource("rules/slow.drl", """
            package acme.slow;
            import io.claimmap.engine.facts.*;

            function boolean slow() { long end = System.nanoTime() + 1000000000L; while (System.nanoTime() < end) { } return true; }

            rule "computed while loading"
            when
                Token( )
                eval( slow() )
            then
            end
            """);

    @TempDir
    Path cache;

    @Test
    void aConditionThatDoesNotFinishLoadingIsAProblemAtItsLine() {
        long before = RuleSetLoader.loadTimeoutMillis;
        RuleSetLoader.loadTimeoutMillis = 100;
        try {
            List<RuleProblem> problems = RuleCompiler.check(List.of(SLOW));
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).toString().startsWith(
                    "rules/slow.drl:9:11: error: the rule cannot be loaded: it was still running after 0.1 s of loading"),
                    problems.toString());
            var e = assertThrows(RuleCompilationException.class, () -> new RuleSetLoader(cache).load(false, List.of(SLOW)));
            assertTrue(e.getMessage().startsWith("rules/slow.drl:9:11: "), e.getMessage());
        } finally {
            RuleSetLoader.loadTimeoutMillis = before;
        }
    }
}
