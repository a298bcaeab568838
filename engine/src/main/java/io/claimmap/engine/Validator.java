package io.claimmap.engine;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.input.CompactJws;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.input.DetectedInput;
import io.claimmap.engine.input.InputDetector;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.jwt.JwtChecks;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.InputSummary;
import io.claimmap.engine.result.Mapping;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RuleOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.claimmap.engine.result.FindingCode.MALFORMED_INPUT;

/**
 * The pipeline: detect the input, check it (signature, keys, time, issuer, audience), run the rules to build the
 * mapping, then check the mapping. Every input, however broken, gives a {@link ValidationResult}. Thread-safe.
 */
public final class Validator {
    private final ValidatorConfig config;
    private final JwtChecks jwtChecks;

    public Validator(ValidatorConfig config) {
        this(config, new JwtChecks(config.keySources(), config.issuers(), config.audiences(), config.clockSkew()));
    }

    private Validator(ValidatorConfig config, JwtChecks jwtChecks) {
        this.config = config;
        this.jwtChecks = jwtChecks;
    }

    /** The same validator with other rules, sharing key sources and their caches: how a rule reload swaps in. */
    public Validator withRules(io.claimmap.engine.rules.RuleSet rules) {
        return new Validator(new ValidatorConfig(config.keySources(), config.issuers(), config.audiences(),
                config.clockSkew(), config.contacts(), rules), jwtChecks);
    }

    public ValidatorConfig config() {
        return config;
    }

    /** @param purpose null for the default of the input's kind (messaging for JWT, agent for SAML) */
    public ValidationResult validate(byte[] input, Purpose purpose, Instant now, boolean explain) {
        try {
            return validate(InputDetector.detect(input), purpose, now, explain);
        } catch (MalformedInputException e) {
            return malformed("unknown", e);
        }
    }

    public ValidationResult validate(String input, Purpose purpose, Instant now, boolean explain) {
        try {
            return validate(InputDetector.detect(input), purpose, now, explain);
        } catch (MalformedInputException e) {
            return malformed("unknown", e);
        }
    }

    private ValidationResult validate(DetectedInput input, Purpose purpose, Instant now, boolean explain) {
        if (input instanceof DetectedInput.Jwt jwt) {
            return validateJwt(jwt.compact(), purpose == null ? Purpose.MESSAGING : purpose, now, explain);
        }
        return ValidationResult.of(InputSummary.unknown("saml"), Mapping.EMPTY, List.of(MALFORMED_INPUT.finding(
                "the input is a SAML message; SAML validation is not available in this version of claimmap",
                "Validate the OIDC ID token instead, or use a claimmap version with SAML support.", "input")), List.of());
    }

    private ValidationResult validateJwt(String compact, Purpose purpose, Instant now, boolean explain) {
        CompactJws jws;
        try {
            jws = CompactJwsParser.parse(compact);
        } catch (MalformedInputException e) {
            return malformed("jwt", e);
        }
        Map<String, Object> claims = jws.claims();
        String issuer = text(claims.get("iss"));
        String subject = claims.get("sub") instanceof String sub && !sub.isBlank() ? sub : null;
        InputSummary summary = new InputSummary("jwt", issuer, subject, jws.keyId(), jws.algorithm());
        List<Finding> findings = new ArrayList<>(jwtChecks.check(jws, now));
        Token token = new Token("jwt", issuer, subject, audience(claims.get("aud")), jws.keyId(), jws.algorithm(),
                purpose.label(), claims);
        RuleOutcome outcome = config.rules().evaluate(token, Claim.fromClaims(claims), config.contacts());
        findings.addAll(outcome.findings());
        MappingChecks.check(outcome.mapping(), subject, purpose, config.contacts(), findings);
        return ValidationResult.of(summary, outcome.mapping(), findings, explain ? outcome.trace() : List.of());
    }

    private static ValidationResult malformed(String kind, MalformedInputException e) {
        return ValidationResult.of(InputSummary.unknown(kind), Mapping.EMPTY, List.of(MALFORMED_INPUT.finding(
                e.getMessage(), "Pass the ID token (or token response) exactly as the IdP issued it.", "input")), List.of());
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
}
