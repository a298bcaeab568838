package io.claimmap.engine.corpus;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.claimmap.engine.testing.SharedRuleCache;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.claimmap.engine.testing.TestTokens.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusEvaluatorTest {
    static final String RULES = """
            package test.corpus;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;

            rule "externalId is sub"
            when
                Token( $sub : subject != null )
            then
                mapping.setExternalId( $sub );
            end

            rule "agent name"
            when
                Token( purpose == "agent" )
                Claim( name == "displayName", $name : value )
            then
                mapping.setAgentName( $name );
            end
            """;

    static CorpusEvaluator evaluator;

    @BeforeAll
    static void compile() throws Exception {
        RuleSet rules = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("test.drl", RULES)));
        KeySource keys = new KeySource("jwks test", new ImmutableJWKSet<>(TestTokens.publicSet(TestTokens.rsaKey())), false, null);
        Validator validator = new Validator(new ValidatorConfig(List.of(keys), List.of(), List.of(), Duration.ofSeconds(60),
                Contacts.NONE, rules));
        evaluator = new CorpusEvaluator(validator, NOW, null, "jwt", true);
    }

    private static CorpusEvaluator.Evaluated json(String text) {
        return evaluator.evaluate(new CorpusEntry.Json("x.jsonl:1", text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> codes(CorpusEvaluator.Evaluated evaluated) {
        return evaluated.result().findings().stream().map(Finding::code).toList();
    }

    @Test
    void aSignedTokenGoesThroughTheWholePipeline() {
        String token = TestTokens.sign(TestTokens.claims().build());
        CorpusEvaluator.Evaluated evaluated = evaluator.evaluate(new CorpusEntry.Input("t.jwt",
                token.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Verdict.PASS, evaluated.result().verdict(), evaluated.result().findings().toString());
        assertEquals(Purpose.MESSAGING, evaluated.purpose());
        assertTrue(evaluated.result().trace().stream().anyMatch(entry -> entry.qualifiedName().equals("test.corpus » externalId is sub")));
    }

    @Test
    void claimsAreEvaluatedWithoutSignatureOrTimeChecks() {
        CorpusEvaluator.Evaluated evaluated = json("{\"iss\": \"https://idp.example\", \"sub\": \"u-1\", \"exp\": 1}");
        assertEquals(Verdict.PASS, evaluated.result().verdict(), evaluated.result().findings().toString());
        assertEquals("u-1", evaluated.result().mapping().externalId());
    }

    @Test
    void aDecisionLogRecordWithValuesReplaysItsClaimsKindAndPurpose() {
        CorpusEvaluator.Evaluated evaluated = json("{\"time\": \"2026-11-21T12:00:00Z\", \"revision\": \"r\", "
                + "\"verdict\": \"warn\", \"kind\": \"saml\", \"purpose\": \"agent\", \"issuer\": \"i\", "
                + "\"externalId\": \"a@example.com\", \"codes\": [], \"claims\": {\"iss\": \"i\", "
                + "\"sub\": \"a@example.com\", \"displayName\": \"Ada\"}}");
        assertEquals(Purpose.AGENT, evaluated.purpose());
        assertEquals("saml", evaluated.result().input().kind());
        assertEquals("Ada", evaluated.result().mapping().qm().agentName());
        assertEquals(List.of("QM_DEPARTMENT_MISSING"), codes(evaluated));
    }

    @Test
    void aDecisionLogRecordWithOnlyNamesIsMalformed() {
        CorpusEvaluator.Evaluated evaluated = json("{\"revision\": \"r\", \"verdict\": \"pass\", \"codes\": [], "
                + "\"claims\": [\"sub\"]}");
        assertEquals(List.of("MALFORMED_INPUT"), codes(evaluated));
        assertTrue(evaluated.result().findings().get(0).message().contains("--decision-log-claims"));
        assertNull(evaluated.purpose());
    }

    @Test
    void aRecordsBadKindOrPurposeIsNotQuotedInTheFinding() {
        for (String member : List.of("kind", "purpose")) {
            CorpusEvaluator.Evaluated evaluated = json("{\"revision\": \"r\", \"verdict\": \"pass\", \"codes\": [], "
                    + "\"" + member + "\": \"eyJzdWIiOiJhZGEifQ\", \"claims\": {\"sub\": \"ada\"}}");
            assertEquals(List.of("MALFORMED_INPUT"), codes(evaluated));
            String message = evaluated.result().findings().get(0).message();
            assertTrue(message.contains(member) && !message.contains("eyJzdWIiOiJhZGEifQ"), message);
        }
    }

    @Test
    void brokenJsonDuplicatesAndBadBytesAreMalformedNotAStop() {
        assertEquals(List.of("MALFORMED_INPUT"), codes(json("{\"sub\": ")));
        assertEquals(List.of("MALFORMED_INPUT"), codes(json("{\"sub\": \"a\", \"sub\": \"b\"}")));
        assertEquals(List.of("MALFORMED_INPUT"), codes(json("[1, 2]")));
        CorpusEvaluator.Evaluated badBytes = evaluator.evaluate(new CorpusEntry.Json("x", new byte[]{'{', (byte) 0xff, '}'}));
        assertEquals(List.of("MALFORMED_INPUT"), codes(badBytes));
        assertEquals(Verdict.FAIL, evaluator.evaluate(new CorpusEntry.Unreadable("y", "too big")).result().verdict());
    }

    @Test
    void aTokenResponseInAJsonFileIsValidatedAsAToken() {
        String token = TestTokens.sign(TestTokens.claims().build());
        CorpusEvaluator.Evaluated evaluated = json("{\"id_token\": \"" + token + "\", \"token_type\": \"Bearer\"}");
        assertEquals("jwt", evaluated.result().input().kind());
        assertEquals(Verdict.PASS, evaluated.result().verdict(), evaluated.result().findings().toString());
    }
}
