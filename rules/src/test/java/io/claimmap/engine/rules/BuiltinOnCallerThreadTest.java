package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in packs alone are evaluated on the caller's thread (no hand-off to a rule thread, which cost four times
 * what the packs do), still within their firing budget; rule sets with user rules keep their rule thread. In the
 * rules module's tests because only it has the built-in packs; in the engine's package to see RuleGuard's pool.
 */
@Isolated("counts the tasks of the JVM-wide rule thread pool, which other classes' user rules use")
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

    /**
     * The built-in packs reuse a session between evaluations (reset in between): each evaluation must give exactly
     * what the first evaluation of a new rule set gives (mapping, findings, trace), whatever ran in the session before
     * it, a stopped evaluation included; the stopped one's session is not reused.
     */
    @Test
    void aReusedSessionGivesWhatANewOneGives() throws Exception {
        Token agent = new Token("jwt", "https://idp.example.com", "42", List.of(), null, "RS256", "agent",
                Map.of("given_name", "Ada", "family_name", "Lovelace", "department", "R&D"));
        Map<String, Object> named = Map.of("name", "Ada Lovelace", "sub", "43");
        Token agentNamed = new Token("jwt", "https://idp.example.com", "43", List.of(), null, "RS256", "agent", named);
        Token saml = new Token("saml", "https://idp.example.com", "ada@example.com", List.of(), null, null, "agent",
                Map.of());
        List<Token> tokens = List.of(TOKEN, agent, agentNamed, saml);
        List<RuleOutcome> firsts = new ArrayList<>();
        for (Token token : tokens) {
            firsts.add(new RuleSetLoader(cache).load(true, List.of()).evaluate(token, claims(token), Contacts.NONE));
        }
        RuleSet reused = new RuleSetLoader(cache).load(true, List.of());
        RuleSet oneFiring = reused.withBudget(new EvaluationBudget(1, Duration.ofMinutes(1)));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < tokens.size(); i++) {
                assertEquals(firsts.get(i), reused.evaluate(tokens.get(i), claims(tokens.get(i)), Contacts.NONE));
                assertEquals(1, reused.idleSessions(), "one session, reused");
            }
            RuleOutcome stopped = oneFiring.evaluate(agent, claims(agent), Contacts.NONE);
            assertTrue(stopped.findings().stream().anyMatch(f -> f.code().equals("RULE_FAILED")), stopped.toString());
            assertEquals(0, reused.idleSessions(), "the stopped evaluation's session is dropped");
        }
        assertTrue(firsts.get(1).trace().size() >= 3 && firsts.get(1).mapping().qm().agentName().equals("Ada Lovelace"),
                firsts.get(1).toString());
    }

    private static List<Claim> claims(Token token) {
        return Claim.fromClaims(token.getClaims());
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
