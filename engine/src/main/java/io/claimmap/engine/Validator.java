package io.claimmap.engine;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.input.CompactJws;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.input.DetectedInput;
import io.claimmap.engine.input.InputDetector;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.jwt.JwtChecks;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.InputSummary;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.Severity;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RuleOutcome;
import io.claimmap.engine.saml.SamlChecks;
import io.claimmap.engine.saml.SamlMessage;
import io.claimmap.engine.saml.SignedAssertion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.claimmap.engine.result.FindingCode.MALFORMED_INPUT;
import static io.claimmap.engine.result.FindingCode.SIGNATURE_NOT_CHECKED;

/**
 * The pipeline: detect the input, check it (signature, keys, time, issuer, audience), run the rules to build the
 * mapping, then check the mapping. Every input, however broken, gives a {@link ValidationResult}. Thread-safe.
 */
public final class Validator implements AutoCloseable {
    private static final String JWT_REMEDY = "Pass the ID token (or token response) exactly as the IdP issued it.";
    private static final String ANY_REMEDY = "Pass the ID token (or token response), or the SAML message, exactly as "
            + "the IdP issued it.";
    private static final String SAML_REMEDY = "Pass the SAML message exactly as the IdP posted it to the ACS: the XML, "
            + "or the base64 SAMLResponse form field.";

    private final ValidatorConfig config;
    private final JwtChecks jwtChecks;
    private final SamlChecks samlChecks;

    public Validator(ValidatorConfig config) {
        this(config, new JwtChecks(trustedFor(config, KeySource.Protocol.JWT), config.issuers(), config.audiences(),
                        config.clockSkew()),
                new SamlChecks(trustedFor(config, KeySource.Protocol.SAML), config.issuers(), config.audiences(),
                        config.clockSkew()));
    }

    private Validator(ValidatorConfig config, JwtChecks jwtChecks, SamlChecks samlChecks) {
        this.config = config;
        this.jwtChecks = jwtChecks;
        this.samlChecks = samlChecks;
    }

    /** The same validator with other rules, sharing key sources and their caches: how a rule reload swaps in. */
    public Validator withRules(io.claimmap.engine.rules.RuleSet rules) {
        return new Validator(config.withRules(rules), jwtChecks, samlChecks);
    }

    public ValidatorConfig config() {
        return config;
    }

    /**
     * Closes the key sources (the background refresh of remote ones). Validators made by {@link #withRules} share
     * them: close the last one in service, once. Idempotent.
     */
    @Override
    public void close() {
        config.keySources().forEach(KeySource::close);
    }

    public ValidationResult validate(ValidationRequest request) {
        DetectedInput input;
        try {
            input = InputDetector.detect(request.input());
        } catch (MalformedInputException e) {
            return malformed("unknown", e, ANY_REMEDY);
        }
        return validate(input, request.purpose(), request.now(), request.explain());
    }

    private ValidationResult validate(DetectedInput input, Purpose purpose, Instant now, boolean explain) {
        if (input instanceof DetectedInput.Jwt jwt) {
            return validateJwt(jwt.compact(), purpose == null ? Purpose.MESSAGING : purpose, now, explain);
        }
        DetectedInput.Saml saml = (DetectedInput.Saml) input;
        return validateSaml(saml.xml(), purpose == null ? Purpose.AGENT : purpose, now, explain);
    }

    private ValidationResult validateJwt(String compact, Purpose purpose, Instant now, boolean explain) {
        CompactJws jws;
        try {
            jws = CompactJwsParser.parse(compact);
        } catch (MalformedInputException e) {
            return malformed("jwt", e, JWT_REMEDY);
        }
        Map<String, Object> claims = jws.claims();
        String issuer = text(claims.get("iss"));
        String subject = claims.get("sub") instanceof String sub && !sub.isBlank() ? sub : null;
        InputSummary summary = new InputSummary("jwt", issuer, subject, jws.keyId(), jws.algorithm());
        List<Finding> findings = failClosed(jwtChecks.check(jws, now));
        Token token = new Token("jwt", issuer, subject, audience(claims.get("aud")), jws.keyId(), jws.algorithm(),
                purpose.label(), claims);
        RuleOutcome outcome = config.rules().evaluate(token, Claim.fromClaims(claims), config.contacts());
        findings.addAll(outcome.findings());
        MappingChecks.check(outcome.mapping(), subject, purpose, config.contacts(), findings);
        return ValidationResult.of(summary, outcome.mapping(), findings, explain ? outcome.trace() : List.of());
    }

    /**
     * Claims are read only from the Assertion a signature covers: when none does (unsigned, wrapped, misplaced
     * signatures), the result has the findings and no identity, and the rules do not run.
     */
    private ValidationResult validateSaml(String xml, Purpose purpose, Instant now, boolean explain) {
        SamlMessage message;
        try {
            message = SamlMessage.parse(xml);
        } catch (MalformedInputException e) {
            return malformed("saml", e, SAML_REMEDY);
        }
        SamlChecks.Outcome checked = samlChecks.check(message, now);
        SignedAssertion assertion = checked.assertion();
        if (assertion == null) {
            return ValidationResult.of(new InputSummary("saml", null, null, null, checked.algorithm()), Mapping.EMPTY,
                    failClosed(checked.findings()), List.of());
        }
        String subject = assertion.nameId();
        InputSummary summary = new InputSummary("saml", assertion.issuer(), subject, null, checked.algorithm());
        List<Finding> findings = failClosed(checked.findings());
        Token token = new Token("saml", assertion.issuer(), subject, assertion.audiences(), null, checked.algorithm(),
                purpose.label(), assertion.claims());
        RuleOutcome outcome = config.rules().evaluate(token, assertion.claimFacts(), config.contacts());
        findings.addAll(outcome.findings());
        MappingChecks.check(outcome.mapping(), subject, purpose, config.contacts(), findings);
        return ValidationResult.of(summary, outcome.mapping(), findings, explain ? outcome.trace() : List.of());
    }

    /**
     * Nothing verified is an error, so a forged token never passes; only an explicit {@code --unverified} preview
     * lowers it to a warning. The one place that decides.
     */
    private List<Finding> failClosed(List<Finding> checked) {
        List<Finding> findings = new ArrayList<>(checked.size() + 4);
        for (Finding finding : checked) {
            findings.add(config.unverified() && finding.code().equals(SIGNATURE_NOT_CHECKED.name())
                    ? new Finding(finding.code(), Severity.WARNING, finding.message() + " (previewed with --unverified)",
                    finding.remedy(), finding.rule())
                    : finding);
        }
        return findings;
    }

    private static ValidationResult malformed(String kind, MalformedInputException e, String remedy) {
        return ValidationResult.of(InputSummary.unknown(kind), Mapping.EMPTY, List.of(MALFORMED_INPUT.finding(
                e.getMessage(), remedy, "input")), List.of());
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static List<String> audience(Object aud) {
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof Collection<?> many) {
            return many.stream().filter(a -> a instanceof String).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static List<KeySource> trustedFor(ValidatorConfig config, KeySource.Protocol protocol) {
        return config.keySources().stream().filter(source -> source.trustedFor(protocol)).toList();
    }
}
