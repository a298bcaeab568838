package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in packs get a token's claims only when a rule could match them (purpose agent): the outcome is the same
 * as with every claim inserted, and the premise that makes it so (no built-in consequence inserts a fact or reads
 * the working memory) holds of their sources.
 */
class BuiltinClaimReadersTest {
    private static final String SALESFORCE_SUB = "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD";
    @TempDir
    static Path cache;
    static RuleSet builtin;
    /** The same packs and a user rule that never fires: evaluated in a new session with every claim, as before. */
    static RuleSet everyClaim;

    @BeforeAll
    static void load() throws Exception {
        builtin = new RuleSetLoader(cache).load(true, List.of());
        everyClaim = new RuleSetLoader(cache).load(true, List.of(new RuleSource("inert.drl", """
                package inert
                import io.claimmap.engine.facts.Token
                rule "never" when Token( issuer == "never issued" ) then end
                """)));
    }

    @Test
    void claimsAreLeftOutExactlyWhenNoBuiltInRuleCanMatchThem() {
        assertFalse(builtin.claimReaders().always());
        assertEquals(3, builtin.claimReaders().guardedReaders(), "the three qm rules");
        assertTrue(everyClaim.claimReaders().always(), "user rules get every claim");
        for (String kind : List.of("jwt", "saml")) {
            assertTrue(builtin.claimReaders().needed(token(kind, "42", "agent", Map.of())), kind);
            assertFalse(builtin.claimReaders().needed(token(kind, "42", "messaging", Map.of())), kind);
        }
    }

    @Test
    void theOutcomeIsTheSameAsWithEveryClaim() {
        List<Map<String, Object>> claimSets = List.of(
                Map.of(),
                Map.of("name", "Ada Lovelace", "department", "R&D", "email", "ada@example.com"),
                Map.of("given_name", "Ada", "family_name", "Lovelace", "groups", List.of("staff", "qm")),
                Map.of("displayName", "Ada L.", "given_name", "Ada", "family_name", "Lovelace"),
                Map.of("User.FirstName", "Ada", "User.LastName", "Lovelace", "User.Department", "Sales"),
                Map.of("http://schemas.microsoft.com/identity/claims/displayname", "Ada",
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department", "R&D",
                        "address", Map.of("locality", "London")));
        int compared = 0;
        for (String kind : List.of("jwt", "saml")) {
            for (String purpose : List.of("messaging", "agent")) {
                for (String sub : List.of("42", SALESFORCE_SUB)) {
                    for (Map<String, Object> claims : claimSets) {
                        Token token = token(kind, sub, purpose, claims);
                        List<Claim> facts = Claim.fromClaims(token.getClaims());
                        RuleOutcome expected = everyClaim.evaluate(token, facts, Contacts.NONE);
                        assertEquals(expected, builtin.evaluate(token, facts, Contacts.NONE), kind + " " + purpose + " "
                                + sub + " " + claims);
                        compared++;
                    }
                }
            }
        }
        assertEquals(48, compared);
    }

    /** Validations share one rule set from many threads (serve): each still gets its own token's outcome. */
    @Test
    void threadsEvaluatingAtOnceEachGetTheirOwnOutcome() throws Exception {
        List<Token> tokens = List.of(token("jwt", SALESFORCE_SUB, "messaging", Map.of("name", "Ada")),
                token("jwt", "42", "agent", Map.of("given_name", "Ada", "family_name", "Lovelace", "department", "R&D")),
                token("saml", "ada@example.com", "agent", Map.of("displayName", "Ada L.")),
                token("jwt", "43", "messaging", Map.of("department", "Sales")));
        List<RuleOutcome> expected = new ArrayList<>();
        for (Token token : tokens) {
            expected.add(everyClaim.evaluate(token, Claim.fromClaims(token.getClaims()), Contacts.NONE));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int first = thread;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        int which = (first + i) % tokens.size();
                        Token token = tokens.get(which);
                        assertEquals(expected.get(which), builtin.evaluate(token, Claim.fromClaims(token.getClaims()),
                                Contacts.NONE));
                    }
                }));
            }
            for (Future<?> done : running) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** What lets the claims be left out: a Token a consequence inserted could pass a guard the input's did not. */
    @Test
    void noBuiltInConsequenceInsertsAFactOrReadsTheWorkingMemory() throws Exception {
        Pattern consequence = Pattern.compile("(?ms)^then$(.*?)^end$");
        Pattern forbidden = Pattern.compile("\\b(insert|insertLogical|modify|update|delete|retract|drools|kcontext)\\b");
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/drl"))) {
            for (Path file : files.sorted().toList()) {
                Matcher then = consequence.matcher(Files.readString(file));
                while (then.find()) {
                    Matcher bad = forbidden.matcher(then.group(1));
                    assertFalse(bad.find(), file + ": a built-in consequence uses " + (bad.find(0) ? bad.group() : ""));
                    checked.add(file.getFileName().toString());
                }
            }
        }
        assertEquals(List.of("oidc.drl", "qm.drl", "qm.drl", "qm.drl", "salesforce.drl", "saml.drl"), checked);
    }

    private static Token token(String kind, String sub, String purpose, Map<String, Object> claims) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.put("sub", sub);
        return new Token(kind, "https://idp.example.com", sub, List.of(), null, null, purpose, all);
    }
}
