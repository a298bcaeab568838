package io.claimmap.engine.saml;

import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.testing.SharedRuleCache;

import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;
import io.claimmap.engine.testing.TestSaml;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The SAML pipeline under test: a Validator with a small rule set that maps NameID, name and department. */
final class SamlTesting {
    static final String RULES = """
            package test.saml;
            import io.claimmap.engine.facts.*;
            global MappingDraft mapping;

            rule "externalId is the NameID"
            when
                Token( kind == "saml", $nameId : subject != null )
            then
                mapping.setExternalId( $nameId );
            end

            rule "agent name"
            when
                Claim( name == "displayName", $name : value )
            then
                mapping.setAgentName( $name );
            end

            rule "department"
            when
                Claim( name == "department", $department : value )
            then
                mapping.setDepartment( $department );
            end
            """;

    private static RuleSet rules;

    private SamlTesting() {
    }

    static synchronized RuleSet rules() {
        if (rules == null) {
            try {
                rules = new RuleSetLoader(SharedRuleCache.dir()).load(false, List.of(new RuleSource("saml-test.drl", RULES)));
            } catch (IOException | io.claimmap.engine.rules.RuleCompilationException e) {
                throw new IllegalStateException(e);
            }
        }
        return rules;
    }

    static Validator validator(List<KeySource> sources, List<String> issuers, List<String> audiences) {
        return new Validator(new ValidatorConfig(sources, issuers, audiences, Duration.ofSeconds(60), Contacts.NONE, rules()));
    }

    /** Validates at {@link TestSaml#NOW}, default purpose (agent), trusting {@code sources} only. */
    static ValidationResult validate(String input, KeySource... sources) {
        return validator(List.of(sources), List.of(), List.of()).validate(ValidationRequest.of(input, null, TestSaml.NOW, false));
    }

    static ValidationResult validate(String input, Purpose purpose, KeySource... sources) {
        return validator(List.of(sources), List.of(), List.of()).validate(ValidationRequest.of(input, purpose, TestSaml.NOW, false));
    }

    static List<String> codes(ValidationResult result) {
        return result.findings().stream().map(Finding::code).toList();
    }

    static Finding finding(ValidationResult result, String code) {
        return result.findings().stream().filter(f -> f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + result.findings()));
    }
}
