package io.claimmap.rules;

import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;
import io.claimmap.engine.testing.SharedRuleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's prefetch of the built-in rule set: taken by the next load of the built-in packs alone, and only by it. */
@Isolated("the prefetch is JVM-wide: another class's load of the built-in packs would take it")
class PrefetchTest {
    @Test
    void theNextBuiltinOnlyLoadTakesThePrefetchedRuleSet() throws Exception {
        RuleSet expected = new RuleSetLoader(SharedRuleCache.dir()).load(true, List.of());
        RuleSetLoader.prefetchBuiltin();
        assertTrue(RuleSetLoader.prefetchPending());

        RuleSet user = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("user.drl", """
                package acme
                rule "nothing" when then end
                """)));
        assertTrue(RuleSetLoader.prefetchPending(), "a load with other rules leaves the prefetch alone");
        assertEquals(1, user.packs().size());

        RuleSet prefetched = new RuleSetLoader(SharedRuleCache.dir()).load(true, List.of());
        assertFalse(RuleSetLoader.prefetchPending());
        assertEquals(expected.packs(), prefetched.packs());
        assertEquals(expected.revision(), prefetched.revision());
    }
}
