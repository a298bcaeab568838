package io.claimmap.engine;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.claimmap.engine.testing.SharedRuleCache;
import io.claimmap.engine.facts.Contact;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.claimmap.engine.testing.TestTokens.NOW;
import static io.claimmap.engine.testing.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline with a small rule set of its own (the built-in packs are tested in the rules module). */
class ValidatorTest {
    static final String RULES = """
            package test.rules;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;
            global Findings findings;

            rule "employee id"
            when
                Claim( name == "employee_id", $id : value )
            then
                mapping.setExternalId( $id );
            end

            rule "agent fields"
            when
                Token( purpose == "agent" )
                Claim( name == "name", $name : value )
            then
                mapping.setAgentName( $name );
            end

            rule "explodes"
            when
                Claim( name == "boom" )
            then
                throw new IllegalStateException( "boom" );
            end

            rule "tries to downgrade a contract code"
            when
                Claim( name == "downgrade" )
            then
                findings.info( "TOKEN_EXPIRED", "not really", "" );
            end
            """;

    static RuleSet rules;

    @BeforeAll
    static void compileRules() throws Exception {
        rules = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("test.drl", RULES)));
    }

    private static Validator validator(Contacts contacts) {
        KeySource keys = new KeySource("jwks test", new ImmutableJWKSet<>(TestTokens.publicSet(TestTokens.rsaKey())), false, null);
        return new Validator(new ValidatorConfig(List.of(keys), List.of(), List.of(), Duration.ofSeconds(60), contacts, rules));
    }

    private static List<String> codes(ValidationResult result) {
        return result.findings().stream().map(Finding::code).toList();
    }

    @Test
    void passesAndMapsAGoodToken() {
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of(TestTokens.sign(claims().claim("employee_id", "E-7").build()),
                null, NOW, false));
        assertEquals(Verdict.PASS, result.verdict(), result.findings().toString());
        assertEquals("E-7", result.mapping().externalId());
        assertEquals("jwt", result.input().kind());
        assertEquals("okta-2026", result.input().keyId());
        assertEquals(List.of(), result.trace());
    }

    @Test
    void externalIdUnmapped() {
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of(TestTokens.sign(claims().build()), null, NOW, false));
        assertEquals(List.of("EXTERNAL_ID_UNMAPPED"), codes(result));
        assertEquals(Verdict.FAIL, result.verdict());
    }

    @Test
    void externalContactNotFoundNamesTheContactUnderTheMappedId() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of("E-7"))));
        ValidationResult result = validator(contacts).validate(ValidationRequest.of(
                TestTokens.sign(claims().claim("employee_id", "E-7").build()), null, NOW, false));
        assertEquals(List.of("EXTERNAL_CONTACT_NOT_FOUND"), codes(result));
        String message = result.findings().get(0).message();
        assertTrue(message.contains("literal sub \"00u1a2b3c4d5e6f7g8h9\"") && message.contains("Ada Lovelace (id c1)"), message);
    }

    @Test
    void aTokenThatDoesNotVerifyIsNotLookedUpAndAnUnverifiedPreviewIs() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of("00u1a2b3c4d5e6f7g8h9"))));
        String forged = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TestTokens.rsaKey().getKeyID()).build(),
                claims().claim("employee_id", "E-7").build(), TestTokens.rsaKey("forger"));
        ValidationResult result = validator(contacts).validate(ValidationRequest.of(forged, null, NOW, false));
        assertTrue(codes(result).contains("SIGNATURE_INVALID") && !codes(result).contains("EXTERNAL_CONTACT_FOUND"),
                codes(result).toString());
        assertEquals("not-checked", result.genesys().contact().status(), "the forger learns nothing of the contacts");
        assertTrue(result.unverified());

        ValidationResult preview = new Validator(new ValidatorConfig(List.of(), List.of(), List.of(), Duration.ofSeconds(60),
                contacts, rules, true)).validate(ValidationRequest.of(TestTokens.sign(claims().claim("employee_id", "E-7").build()), null, NOW, false));
        assertEquals("found", preview.genesys().contact().status(), "--unverified previews the look-up");
        assertFalse(preview.unverified());
    }

    @Test
    void externalContactFoundByTheLiteralSub() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of("00u1a2b3c4d5e6f7g8h9"))));
        ValidationResult result = validator(contacts).validate(ValidationRequest.of(
                TestTokens.sign(claims().claim("employee_id", "E-7").build()), null, NOW, false));
        assertEquals(List.of("EXTERNAL_CONTACT_FOUND"), codes(result));
        assertEquals(Verdict.PASS, result.verdict());
    }

    @Test
    void agentPurposeRequiresQmFields() {
        String token = TestTokens.sign(claims().claim("employee_id", "E-7").build());
        assertEquals(List.of("QM_AGENT_NAME_MISSING", "QM_DEPARTMENT_MISSING"),
                codes(validator(Contacts.NONE).validate(ValidationRequest.of(token, Purpose.AGENT, NOW, false))));
        ValidationResult named = validator(Contacts.NONE).validate(ValidationRequest.of(TestTokens.sign(claims().claim("employee_id", "E-7")
                .claim("name", "Grace Hopper").build()), Purpose.AGENT, NOW, false));
        assertEquals(List.of("QM_DEPARTMENT_MISSING"), codes(named));
        assertEquals("Grace Hopper", named.mapping().qm().agentName());
        assertEquals(Verdict.WARN, named.verdict());
    }

    @Test
    void aRuleThatThrowsBecomesAFinding() {
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of(TestTokens.sign(claims().claim("employee_id", "E-7")
                .claim("boom", true).build()), null, NOW, false));
        Finding failed = result.findings().stream().filter(f -> f.code().equals("RULE_FAILED")).findFirst().orElseThrow();
        assertEquals("test.rules » explodes", failed.rule());
        assertTrue(failed.message().contains("IllegalStateException: boom"), failed.message());
    }

    @Test
    void explainGivesTheTrace() {
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of(TestTokens.sign(claims().claim("employee_id", "E-7").build()),
                null, NOW, true));
        assertEquals(io.claimmap.engine.result.RuleTrace.fired("employee id", "test.rules", List.of("Claim(employee_id=E-7)"),
                java.util.Map.of("externalId", "E-7"), List.of()), result.trace().get(0));
        // Every user rule that did not fire follows, with the first condition no fact satisfied.
        assertEquals("Token( purpose == \"agent\" ): the token's purpose is \"messaging\"", result.trace().get(1).unmatched());
        assertEquals("Claim( name == \"boom\" ): no claim has that name",
                result.trace().get(2).unmatched());
    }

    @Test
    void malformedInputStopsBeforeTheRules() {
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of("not a token", null, NOW, true));
        assertEquals(List.of("MALFORMED_INPUT"), codes(result));
        assertNull(result.mapping().externalId());
        assertEquals(List.of(), result.trace());
    }

    @Test
    void aTokenResponseIsValidatedThroughItsIdToken() {
        String response = "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"id_token\":\""
                + TestTokens.sign(claims().claim("employee_id", "E-7").build()) + "\"}";
        assertEquals(Verdict.PASS, validator(Contacts.NONE).validate(ValidationRequest.of(response, null, NOW, false)).verdict());
    }

    @Test
    void aRuleCannotChangeTheSeverityOfAContractCode() {
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of(TestTokens.sign(claims().claim("employee_id", "E-7")
                .claim("downgrade", true).build()), null, NOW, false));
        assertEquals(io.claimmap.engine.result.Severity.ERROR, result.findings().get(0).severity());
        assertEquals(Verdict.FAIL, result.verdict());
    }

    @Test
    void samlMetadataKeysNeverVerifyAJwt() {
        KeySource samlOnly = new KeySource("saml-metadata test", new ImmutableJWKSet<>(TestTokens.publicSet(TestTokens.rsaKey())),
                false, null, KeySource.Protocol.SAML);
        Validator validator = new Validator(new ValidatorConfig(List.of(samlOnly), List.of(), List.of(), Duration.ofSeconds(60),
                Contacts.NONE, rules));
        ValidationResult result = validator.validate(ValidationRequest.of(TestTokens.sign(claims().claim("employee_id", "E-7").build()), null, NOW, false));
        assertEquals(List.of("SIGNATURE_NOT_CHECKED"), result.findings().stream()
                .filter(f -> f.severity() == io.claimmap.engine.result.Severity.ERROR).map(Finding::code).toList());
    }

    @Test
    void plainClaimsRunTheRulesWithoutSignatureOrTimeChecks() {
        ValidationResult result = validator(Contacts.NONE).evaluate(new ClaimsRequest(
                java.util.Map.of("iss", "https://idp.example", "sub", "u1", "employee_id", "E-9"), "jwt", null, true));
        assertEquals("E-9", result.mapping().externalId());
        assertEquals(Verdict.PASS, result.verdict(), result.findings().toString());
        assertEquals("jwt", result.input().kind());
        assertTrue(result.trace().stream().anyMatch(t -> t.rule().equals("employee id") && t.fired()), result.trace().toString());
    }

    @Test
    void plainSamlClaimsTakeIssAndSubAsIssuerAndNameIdAndTheRestAsAttributes() {
        ValidationResult result = validator(Contacts.NONE).evaluate(new ClaimsRequest(java.util.Map.of("iss",
                "http://www.okta.com/exk1", "sub", "ada@acme.example", "name", "Ada", "employee_id", "E-1"), "saml", null, false));
        assertEquals("saml", result.input().kind());
        assertEquals("ada@acme.example", result.input().subject());
        assertEquals("Ada", result.mapping().qm().agentName(), "saml claims default to purpose agent");
        assertTrue(codes(result).contains("QM_DEPARTMENT_MISSING"), codes(result).toString());
    }

    @Test
    void inspectionShowsTheFactsAndWhetherTheyWereVerified() {
        String token = TestTokens.sign(claims().claim("employee_id", "E-7").build());
        Inspection verified = validator(Contacts.NONE).inspect(ValidationRequest.of(token, NOW));
        assertTrue(verified.verified());
        assertTrue(verified.facts().claims().stream().anyMatch(c -> c.getName().equals("employee_id")));
        Inspection unverified = new Validator(new ValidatorConfig(List.of(), List.of(), List.of(), Duration.ofSeconds(60),
                Contacts.NONE, rules)).inspect(ValidationRequest.of(token, NOW));
        assertEquals(false, unverified.verified());
        assertEquals("E-7", unverified.facts().token().claim("employee_id"));
    }

    @Test
    void subIsKeptByteForByteForTheMappingAndTheContactLookup() {
        String sub = " 00u1a2b3 ";
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of(sub))));
        ValidationResult result = validator(contacts).validate(ValidationRequest.of(TestTokens.sign(claims().subject(sub)
                .claim("employee_id", sub).build()), null, NOW, false));
        assertEquals(sub, result.input().subject());
        assertEquals(sub, result.mapping().externalId(), "the mapping is not trimmed");
        assertEquals(List.of("EXTERNAL_CONTACT_FOUND"), codes(result), "the contact is looked up by the same literal value");
    }

    @Test
    void aSubOfInvisibleCharactersIsMissingAndNotLookedUp() {
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of(TestTokens.sign(claims()
                .subject("\u200b\u2067 \ufeff").claim("employee_id", "E-7").build()), null, NOW, false));
        assertEquals(List.of("SUB_MISSING"), codes(result));
        assertNull(result.input().subject());
    }

    @Test
    void aPastedBearerTokenInQuotesIsValidated() {
        String token = TestTokens.sign(claims().claim("employee_id", "E-7").build());
        ValidationResult result = validator(Contacts.NONE).validate(ValidationRequest.of("Bearer \"" + token.substring(0, 30)
                + "\n" + token.substring(30) + "\"\n", null, NOW, false));
        assertEquals(Verdict.PASS, result.verdict(), result.findings().toString());
        assertEquals("E-7", result.mapping().externalId());
    }
}
