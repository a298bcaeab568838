package io.claimmap.engine.facts;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A validated token's facts: its claims flattened when first read, the same list as flattening them at once. */
class FactsTest {
    private static Token token() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "42");
        claims.put("groups", List.of("staff", "qm"));
        claims.put("address", Map.of("locality", "London"));
        claims.put("nothing", null);
        claims.put("exp", 1800000000L);
        return new Token("jwt", "https://idp", "42", List.of(), null, "RS256", "messaging", claims);
    }

    @Test
    void theClaimsAreThoseOfTheTokenMadeOnce() throws Exception {
        Token token = token();
        Facts facts = Facts.of(token);
        List<Claim> expected = Claim.fromClaims(token.getClaims());
        assertEquals(expected.size(), facts.claims().size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).toString(), facts.claims().get(i).toString());
            assertEquals(expected.get(i).getValues(), facts.claims().get(i).getValues());
        }
        assertEquals(expected.toString(), facts.claims().toString());
        assertSame(facts.claims().get(1), facts.claims().get(1), "flattened once");
        assertThrows(UnsupportedOperationException.class, () -> facts.claims().add(expected.get(0)));
        assertEquals(facts, new Facts(token, facts.claims()), "a record like any other");
    }

    @Test
    void threadsReadingAtOnceSeeOneList() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                Facts facts = Facts.of(token());
                List<Future<Claim>> firsts = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    firsts.add(pool.submit(() -> facts.claims().get(0)));
                }
                for (Future<Claim> first : firsts) {
                    assertSame(firsts.get(0).get(), first.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
