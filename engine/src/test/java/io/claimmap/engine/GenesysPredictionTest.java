package io.claimmap.engine;

import io.claimmap.engine.facts.Contact;
import io.claimmap.engine.testing.SharedRuleCache;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Severity;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every contact finding agrees with the one prediction: Genesys Cloud looks the contact up by the literal sub. */
class GenesysPredictionTest {
    static final String URL_SUB = "https://login.salesforce.com/id/00D5g000004ExAmPLE/0055g00000ExAmPLEAAA";
    static final String RULES = """
            package test.prediction;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;

            rule "literal sub"
                salience 10
            when
                Token( $sub : subject != null )
            then
                mapping.setExternalId( $sub );
            end

            rule "user id claim wins"
            when
                Claim( name == "user_id", $id : value )
            then
                mapping.setExternalId( $id );
            end
            """;

    /** A rule written before the engine made the prediction: it raises contact findings of its own. */
    static final String STALE_RULES = """
            package test.stale;
            import io.claimmap.engine.facts.*;
            global Findings findings;
            global Contacts contacts;

            rule "stale: a URL sub will not be found"
            when
                Token( $sub : subject != null, subject.startsWith("https://") )
            then
                findings.warning("SUB_IS_URL", "the contact keyed by the user id will not be found", "use a broker");
                findings.error("EXTERNAL_CONTACT_NOT_FOUND", "no contact has the user id", "create it");
            end
            """;

    static RuleSet rules;
    static RuleSet withStaleRule;

    @BeforeAll
    static void compileRules() throws Exception {
        rules = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("prediction.drl", RULES)));
        withStaleRule = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("prediction.drl", RULES),
                new RuleSource("stale.drl", STALE_RULES)));
    }

    private static ValidationResult evaluate(Contacts contacts, String purpose, String... claims) {
        return evaluate(rules, contacts, purpose, claims);
    }

    private static ValidationResult evaluate(RuleSet rules, Contacts contacts, String purpose, String... claims) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < claims.length; i += 2) {
            map.put(claims[i], claims[i + 1]);
        }
        Validator validator = new Validator(new ValidatorConfig(List.of(), List.of(), List.of(), Duration.ZERO, contacts, rules));
        return validator.evaluate(new ClaimsRequest(map, "jwt", purpose == null ? null : Purpose.fromLabel(purpose), false));
    }

    private static Finding finding(ValidationResult result, String code) {
        return result.findings().stream().filter(f -> f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError(code + " not in " + result.findings()));
    }

    private static List<String> codes(ValidationResult result) {
        return result.findings().stream().map(Finding::code).toList();
    }

    @Test
    void agentsAreGenesysUsersSoNoContactFindingAndNoPrediction() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada", List.of("someone-else"))));
        ValidationResult result = evaluate(contacts, "agent", "sub", "00u1", "name", "Ada");
        assertNull(result.genesys());
        assertFalse(codes(result).contains("EXTERNAL_CONTACT_NOT_FOUND"), codes(result).toString());
    }

    @Test
    void aContactUnderTheLiteralUrlMakesSubIsUrlInformationAndTheVerdictPasses() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of(URL_SUB))));
        ValidationResult result = evaluate(contacts, null, "sub", URL_SUB);
        assertEquals(Severity.INFO, finding(result, "SUB_IS_URL").severity());
        assertEquals(Severity.INFO, finding(result, "EXTERNAL_CONTACT_FOUND").severity());
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals("found", result.genesys().contact().status());
        assertEquals("c1", result.genesys().contact().id());
        assertEquals(URL_SUB, result.genesys().lookupValue());
    }

    @Test
    void contactFindingsARuleRaisesAreSupersededByThePrediction() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of(URL_SUB))));
        ValidationResult found = evaluate(withStaleRule, contacts, null, "sub", URL_SUB);
        assertEquals("found", found.genesys().contact().status());
        assertEquals(List.of("EXTERNAL_CONTACT_FOUND", "SUB_IS_URL"), codes(found));
        assertEquals(Severity.INFO, finding(found, "SUB_IS_URL").severity());
        assertEquals(Verdict.PASS, found.verdict());

        ValidationResult agent = evaluate(withStaleRule, contacts, "agent", "sub", URL_SUB, "name", "Ada", "department", "R&D");
        assertNull(agent.genesys());
        assertFalse(codes(agent).contains("SUB_IS_URL") || codes(agent).contains("EXTERNAL_CONTACT_NOT_FOUND"),
                codes(agent).toString());
    }

    @Test
    void aUrlSubWithoutContactsPredictsTheFailureAndNamesTheMappedId() {
        ValidationResult result = evaluate(Contacts.NONE, null, "sub", URL_SUB, "user_id", "0055g00000ExAmPLEAAA");
        Finding subIsUrl = finding(result, "SUB_IS_URL");
        assertEquals(Severity.WARNING, subIsUrl.severity());
        assertTrue(subIsUrl.message().contains("\"0055g00000ExAmPLEAAA\"") && subIsUrl.message().contains("401"), subIsUrl.message());
        assertTrue(subIsUrl.remedy().contains("option A") && subIsUrl.remedy().contains("option B"), subIsUrl.remedy());
        assertEquals("not-checked", result.genesys().contact().status());
        assertEquals(Verdict.WARN, result.verdict());
    }

    @Test
    void aRuleThatMapsTheLiteralUrlLeavesNoStaleMappedIdInTheWarning() {
        ValidationResult result = evaluate(Contacts.NONE, null, "sub", URL_SUB);
        String message = finding(result, "SUB_IS_URL").message();
        assertFalse(message.contains("mapped externalId"), message);
    }

    @Test
    void aUrlSubNoContactHasFailsWithBothFindingsAgreeing() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of("0055g00000ExAmPLEAAA"))));
        ValidationResult result = evaluate(contacts, null, "sub", URL_SUB, "user_id", "0055g00000ExAmPLEAAA");
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(finding(result, "EXTERNAL_CONTACT_NOT_FOUND").message().contains("Ada Lovelace (id c1)"));
        assertEquals(Severity.WARNING, finding(result, "SUB_IS_URL").severity());
        assertEquals("not-found", result.genesys().contact().status());
    }

    @Test
    void twoDifferentContactsForSubAndMappedIdAreAWarningNamingBoth() {
        Contacts contacts = Contacts.of(List.of(new Contact("c1", "Ada Lovelace", List.of("00u1")),
                new Contact("c2", "Grace Hopper", List.of("E-7"))));
        ValidationResult result = evaluate(contacts, null, "sub", "00u1", "user_id", "E-7");
        Finding conflict = finding(result, "EXTERNAL_CONTACT_CONFLICT");
        assertTrue(conflict.message().contains("Ada Lovelace (id c1)") && conflict.message().contains("Grace Hopper (id c2)"),
                conflict.message());
        assertEquals(Verdict.WARN, result.verdict());
    }

    @Test
    void aMappedIdThatDiffersFromSubIsExplainedWhenContactsAreNotChecked() {
        ValidationResult result = evaluate(Contacts.NONE, null, "sub", "auth0|64f1c2", "user_id", "64f1c2");
        Finding differs = finding(result, "EXTERNAL_ID_DIFFERS_FROM_SUB");
        assertEquals(Severity.INFO, differs.severity());
        assertTrue(differs.remedy().contains("option A") && differs.remedy().contains("option B"), differs.remedy());
        assertEquals(Verdict.PASS, result.verdict());
    }
}
