package io.claimmap.rules;

import io.claimmap.engine.ValidationRequest;

import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.testing.TestSaml;
import org.approvaltests.combinations.CombinationApprovals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The built-in packs on SAML assertions, as a specification: each IdP's attribute vocabulary (Okta, Entra ID,
 * Salesforce, LDAP-style OIDs) by purpose and by what the IdP releases, with the mapping and findings it gives, in one
 * reviewable approval file. The JWT matrix is BuiltinPacksTest's.
 */
class BuiltinSamlPacksTest {
    @TempDir
    static Path cache;
    static RuleSet builtin;

    @BeforeAll
    static void load() throws Exception {
        builtin = new RuleSetLoader(cache).load(true, List.of());
    }

    /** An IdP's attribute names for display name, given name, family name and department; null where it has none. */
    record Vocabulary(String idp, String nameId, String displayName, String givenName, String familyName, String department) {
        @Override
        public String toString() {
            return idp;
        }
    }

    private static final Vocabulary[] VOCABULARIES = {
            new Vocabulary("Okta", "grace.hopper@example.com", "displayName", "firstName", "lastName", "department"),
            new Vocabulary("Entra ID", "grace.hopper@acme.onmicrosoft.com",
                    "http://schemas.microsoft.com/identity/claims/displayname",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department"),
            new Vocabulary("Salesforce", "grace.hopper@acme.com", null, "User.FirstName", "User.LastName", "User.Department"),
            new Vocabulary("LDAP OIDs", "ghopper", "urn:oid:2.16.840.1.113730.3.1.241", "urn:oid:2.5.4.42", "urn:oid:2.5.4.4",
                    null),
    };

    private static final String[] RELEASES = {"everything", "display name + department", "given + family name", "nothing"};

    private static ValidationResult validate(Vocabulary vocabulary, Purpose purpose, String release) {
        TestSaml.Assertion assertion = TestSaml.assertion().nameId(vocabulary.nameId()).noAttributes()
                .attribute("email", vocabulary.nameId());
        boolean everything = release.equals("everything");
        if (everything || release.equals("given + family name")) {
            assertion.attribute(vocabulary.givenName(), "Grace").attribute(vocabulary.familyName(), "Hopper");
        }
        if ((everything || release.equals("display name + department")) && vocabulary.displayName() != null) {
            assertion.attribute(vocabulary.displayName(), "Rear Admiral Grace Hopper");
        }
        if ((everything || release.equals("display name + department")) && vocabulary.department() != null) {
            assertion.attribute(vocabulary.department(), "Billing");
        }
        Validator validator = new Validator(new ValidatorConfig(List.of(), List.of(), List.of(), Duration.ofSeconds(60),
                Contacts.NONE, builtin));
        return validator.validate(ValidationRequest.of(TestSaml.signedAssertion(assertion), purpose, TestSaml.NOW, false));
    }

    @Test
    void samlMappingMatrix() {
        CombinationApprovals.verifyAllCombinations(
                (Vocabulary vocabulary, Purpose purpose, String release) -> describe(validate(vocabulary, purpose, release)),
                VOCABULARIES, new Purpose[]{Purpose.AGENT, Purpose.MESSAGING}, RELEASES);
    }

    private static String describe(ValidationResult result) {
        String codes = result.findings().stream().map(Finding::code).filter(c -> !c.equals("SIGNATURE_NOT_CHECKED"))
                .collect(Collectors.joining(","));
        return "externalId=" + result.mapping().externalId() + " agentName=" + result.mapping().qm().agentName()
                + " department=" + result.mapping().qm().department() + " findings=[" + codes + "]";
    }
}
