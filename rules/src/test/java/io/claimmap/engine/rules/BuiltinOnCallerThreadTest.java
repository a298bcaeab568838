package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in packs alone are evaluated on the caller's thread (no hand-off to a rule thread, which cost four times
 * what the packs do), still within their firing budget; rule sets with user rules keep their rule thread. In the
 * rules module's tests because only it has the built-in packs; in the engine's package to see RuleGuard's pool.
 */
class BuiltinOnCallerThreadTest {
    private static final String SUB = "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD";
    private static final Map<String, Object> CLAIMS = Map.of("iss", "https://login.salesforce.com", "sub", SUB);
    private static final Token TOKEN = new Token("jwt", "https://login.salesforce.com", SUB, List.of(), null, "RS256",
            "messaging", CLAIMS);

    @TempDir
    Path cache;

    @Test
    void theBuiltInPacksAloneRunOnTheCallersThreadWithinTheirBudget() throws Exception {
        RuleSet builtin = new RuleSetLoader(cache).load(true, List.of());
        long handedOff = RuleGuard.EXECUTOR.getTaskCount();
        RuleOutcome mapped = builtin.evaluate(TOKEN, Claim.fromClaims(CLAIMS), Contacts.NONE);
        assertEquals("0055g00000ABcdeAAD", mapped.mapping().externalId());
        RuleOutcome stopped = builtin.withBudget(new EvaluationBudget(1, Duration.ofMinutes(1)))
                .evaluate(TOKEN, Claim.fromClaims(CLAIMS), Contacts.NONE);
        Finding failed = stopped.findings().stream().filter(f -> f.code().equals("RULE_FAILED")).findFirst()
                .orElseThrow(() -> new AssertionError("no RULE_FAILED in " + stopped.findings()));
        assertTrue(failed.message().contains("budget of 1 rule firings"), failed.message());
        assertEquals(handedOff, RuleGuard.EXECUTOR.getTaskCount(), "no evaluation went to a rule thread");
    }

    @Test
    void userRulesKeepTheirRuleThread() throws Exception {
        RuleSet user = new RuleSetLoader(cache).load(true, List.of(new RuleSource("user.drl", """
                package acme
                rule "nothing" when then end
                """)));
        long handedOff = RuleGuard.EXECUTOR.getTaskCount();
        user.evaluate(TOKEN, Claim.fromClaims(CLAIMS), Contacts.NONE);
        assertEquals(handedOff + 1, RuleGuard.EXECUTOR.getTaskCount());
    }
}
