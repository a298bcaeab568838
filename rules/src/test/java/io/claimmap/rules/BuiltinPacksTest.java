package io.claimmap.rules;

import io.claimmap.engine.ValidationRequest;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RulePack;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.testing.TestKeys;
import org.approvaltests.combinations.CombinationApprovals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The built-in packs as a specification: every combination of issuer and sub shape, purpose and released name
 * claims, with the mapping and findings it gives, in one reviewable approval file.
 */
class BuiltinPacksTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    @TempDir
    static Path cache;
    static RuleSet builtin;
    static RSAKey key;

    @BeforeAll
    static void load() throws Exception {
        builtin = new RuleSetLoader(cache).load(true, List.of());
        key = TestKeys.rsa2048("k");
    }

    private static ValidationResult validate(String issuer, String sub, Purpose purpose, Map<String, Object> extra) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(sub).audience("client")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(600)));
        extra.forEach(claims::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            Validator validator = new Validator(new ValidatorConfig(List.of(), List.of(), List.of(), Duration.ofSeconds(60),
                    Contacts.NONE, builtin));
            return validator.validate(ValidationRequest.of(jwt.serialize(), purpose, NOW, false));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mappingMatrix() {
        Identity[] identities = {
                new Identity("https://login.salesforce.com", "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD"),
                new Identity("https://test.salesforce.com", "https://test.salesforce.com/id/00D5g000004Sxyz/0055g00000ABcde"),
                new Identity("https://acme.my.salesforce.com", "https://acme.my.salesforce.com/id/00D5g000004Sxyz/005000000000000"),
                new Identity("https://acme.okta.com/oauth2/default", "00u1a2b3c4d5e6f7g8h9"),
                new Identity("https://acme.eu.auth0.com/", "auth0|65f0c0ffee1234567890abcd"),
                new Identity("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",
                        "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ"),
                new Identity("https://idp.example.com", "https://idp.example.com/users/42"),
        };
        Map<String, Map<String, Object>> releases = Map.of(
                "name+department", Map.of("name", "Grace Hopper", "department", "Billing"),
                "given+family", Map.of("given_name", "Grace", "family_name", "Hopper"),
                "nothing", Map.of());
        CombinationApprovals.verifyAllCombinations(
                (Identity identity, Purpose purpose, String release) -> describe(validate(identity.issuer(), identity.sub(), purpose,
                        releases.get(release))),
                identities, new Purpose[]{Purpose.MESSAGING, Purpose.AGENT},
                new String[]{"name+department", "given+family", "nothing"});
    }

    record Identity(String issuer, String sub) {
        @Override
        public String toString() {
            return "sub " + sub;
        }
    }

    private static String describe(ValidationResult result) {
        String codes = result.findings().stream().map(Finding::code).filter(c -> !c.equals("SIGNATURE_NOT_CHECKED"))
                .collect(Collectors.joining(","));
        return "externalId=" + result.mapping().externalId() + " agentName=" + result.mapping().qm().agentName()
                + " department=" + result.mapping().qm().department() + " findings=[" + codes + "]";
    }

    @Test
    void thePacksAndTheirRules() {
        assertEquals(List.of(
                        new RulePack("oidc", true, List.of("externalId is the literal sub")),
                        new RulePack("qm", true, List.of("agent name from given and family name",
                                "agent name from name or displayName", "department")),
                        new RulePack("salesforce", true, List.of("identity URL: externalId is the 18-character user id")),
                        new RulePack("saml", true, List.of("externalId is the NameID"))),
                builtin.packs());
    }
}
