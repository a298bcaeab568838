package io.claimmap.engine.saml;

import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything checked about a parsed SAML message before the rules run: which element a signature covers and whether it
 * verifies with a trusted certificate, then time, issuer, audience and NameID of the covered Assertion. Immutable
 * configuration, thread-safe.
 */
public final class SamlChecks {
    /**
     * @param assertion what the covered Assertion says, or null when no signature covers it: then nothing in the
     *                  message may be read, and the findings say why
     * @param algorithm the short name of the signature algorithm ({@code RSA-SHA256}), or null
     */
    public record Outcome(List<Finding> findings, SignedAssertion assertion, String algorithm) {
        public Outcome {
            findings = List.copyOf(findings);
        }
    }

    private final SamlSignatureCheck signature;
    private final SamlConditions conditions;

    public SamlChecks(List<KeySource> keySources, List<String> issuers, List<String> audiences, Duration clockSkew) {
        this.signature = new SamlSignatureCheck(keySources);
        this.conditions = new SamlConditions(issuers, audiences, clockSkew);
    }

    public Outcome check(SamlMessage message, Instant now) {
        if (message.assertion() == null) { // an IdP's error Response: its status is all there is to say
            List<Finding> findings = new ArrayList<>();
            conditions.status(message.statusProblem(), findings);
            return new Outcome(findings, null, null);
        }
        SamlSignatureCheck.Outcome signed = signature.check(message, now);
        List<Finding> findings = new ArrayList<>(signed.findings());
        // A failed status fails whatever else the message holds: a signed Assertion does not make a failed sign-in good.
        conditions.status(message.statusProblem(), findings);
        if (!signed.covered()) {
            return new Outcome(findings, null, signed.algorithm());
        }
        SignedAssertion assertion = SignedAssertion.read(message.assertion());
        findings.addAll(conditions.check(assertion, now));
        conditions.responseIssuer(message.responseIssuer(), assertion.issuer(), findings);
        return new Outcome(findings, assertion, signed.algorithm());
    }
}
