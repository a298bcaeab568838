package io.claimmap.engine;

import io.claimmap.engine.facts.Facts;
import io.claimmap.engine.genesys.ContactDirectory;
import io.claimmap.engine.genesys.UserDirectory;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.input.CompactJws;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.input.DetectedInput;
import io.claimmap.engine.input.InputDetector;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.UntrustedText;
import io.claimmap.engine.jwt.JwtChecks;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.GenesysPrediction;
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
import java.util.List;
import java.util.Map;
import io.claimmap.engine.result.FindingCode;

import static io.claimmap.engine.result.FindingCode.MALFORMED_INPUT;
import static io.claimmap.engine.result.FindingCode.SIGNATURE_NOT_CHECKED;

/**
 * The pipeline: detect the input, check it (signature, keys, time, issuer, audience), run the rules to build the
 * mapping, then check the mapping. Every input, however broken, gives a {@link ValidationResult}. Plain claims
 * ({@link #evaluate}) skip the checks and go straight to the rules. Thread-safe.
 */
public final class Validator implements AutoCloseable {
    private static final String JWT_REMEDY = "Pass the ID token (or token response) exactly as the IdP issued it.";
    private static final String ANY_REMEDY = "Pass the ID token (or token response), or the SAML message, exactly as "
            + "the IdP issued it.";
    private static final String SAML_REMEDY = "Pass the SAML message exactly as the IdP posted it to the ACS: the XML, "
            + "or the base64 SAMLResponse form field.";

    private final ValidatorConfig config;
    private final ContactDirectory contacts;
    private final UserDirectory users;
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
        // The org, when given, is the one directory (ValidationSettings refuses --contacts with --genesys).
        this.contacts = config.genesys() != null ? ContactDirectory.of(config.genesys()) : ContactDirectory.of(config.contacts());
        this.users = config.genesys() != null ? UserDirectory.of(config.genesys()) : UserDirectory.NONE;
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


    /** The whole pipeline: detection, the checks, the rules, the mapping checks. */
    public ValidationResult validate(ValidationRequest request) {
        return validate(request, facts -> { });
    }

    /** {@link #validate(ValidationRequest)}, handing the facts the rules saw (if any) to {@code seen}: for decision logs. */
    public ValidationResult validate(ValidationRequest request, java.util.function.Consumer<Facts> seen) {
        Checked checked = check(request);
        if (checked.facts() != null) {
            seen.accept(checked.facts());
        }
        if (checked.facts() == null) {
            return ValidationResult.of(checked.input(), Mapping.EMPTY, checked.findings(), List.of());
        }
        return map(checked.input(), checked.facts(), checked.purpose(), checked.findings(), request.explain());
    }

    /** The facts the rules would see for an input, and whether it was verified; no rule runs. */
    public Inspection inspect(ValidationRequest request) {
        Checked checked = check(request);
        boolean verified = checked.facts() != null
                && checked.findings().stream().noneMatch(f -> FindingCode.UNVERIFIED.contains(f.code()));
        return new Inspection(checked.input(), checked.facts(), verified, checked.findings());
    }

    /** The rules and mapping checks over plain claims: no signature, time, issuer or audience check. */
    public ValidationResult evaluate(ClaimsRequest request) {
        Purpose purpose = request.purposeOrDefault();
        Facts facts = Facts.fromClaims(request.kind(), request.claims(), purpose.label());
        Token token = facts.token();
        InputSummary input = new InputSummary(token.getKind(), token.getIssuer(), token.getSubject(), null, null);
        return map(input, facts, purpose, List.of(), request.explain());
    }

    /** Runs the rules over the facts, then checks what they mapped. */
    private ValidationResult map(InputSummary input, Facts facts, Purpose purpose, List<Finding> checks, boolean explain) {
        List<Finding> findings = new ArrayList<>(checks);
        RuleOutcome outcome = config.rules().evaluate(facts.token(), facts.claims(), config.contacts());
        for (Finding raised : outcome.findings()) {
            if (!GenesysChecks.CONTACT_CODES.contains(raised.code())) { // the prediction's alone, below
                findings.add(raised);
            }
        }
        MappingChecks.checkMapped(outcome.mapping(), findings);
        // A forged token's claims are not looked up: the answer would tell its sender which contact or user has them,
        // and each would cost a call to the org. The prediction stays (not-checked); an --unverified preview looks up.
        boolean believed = !ValidationResult.unverified(checks);
        GenesysPrediction genesys = purpose == Purpose.AGENT
                ? GenesysChecks.predictAgent(userKey(facts.token()), outcome.mapping(), purpose,
                        believed ? users : UserDirectory.NONE, findings)
                : GenesysChecks.predict(facts.token().getSubject(), outcome.mapping(), purpose,
                        believed ? contacts : ContactDirectory.NONE, findings);
        return ValidationResult.of(input, outcome.mapping(), genesys, findings, explain ? config.rules().explain(outcome.trace(), facts.token(), facts.claims()) : List.of());
    }

    /**
     * What Genesys Cloud matches an agent's user by: the SAML NameID, or an OIDC token's {@code email} claim (its
     * {@code sub} when it has none).
     */
    private static String userKey(Token token) {
        if ("jwt".equals(token.getKind()) && token.getClaims().get("email") instanceof String email
                && !UntrustedText.isBlank(email)) {
            return email;
        }
        return token.getSubject();
    }

    /** What the checks made of an input: its summary, its facts (null when none can be believed), the findings. */
    private record Checked(InputSummary input, Facts facts, Purpose purpose, List<Finding> findings) {
        static Checked malformed(String kind, MalformedInputException e, String remedy) {
            return new Checked(InputSummary.unknown(kind), null, null, List.of(MALFORMED_INPUT.finding(e.getMessage(),
                    remedy, "input")));
        }
    }

    private Checked check(ValidationRequest request) {
        DetectedInput input;
        try {
            input = InputDetector.detect(request.input());
        } catch (MalformedInputException e) {
            return Checked.malformed("unknown", e, ANY_REMEDY);
        }
        Purpose purpose = request.purpose();
        if (input instanceof DetectedInput.Jwt jwt) {
            return checkJwt(jwt.compact(), purpose == null ? Purpose.MESSAGING : purpose, request.now());
        }
        DetectedInput.Saml saml = (DetectedInput.Saml) input;
        return checkSaml(saml.xml(), purpose == null ? Purpose.AGENT : purpose, request.now());
    }

    private Checked checkJwt(String compact, Purpose purpose, Instant now) {
        CompactJws jws;
        try {
            jws = CompactJwsParser.parse(compact);
        } catch (MalformedInputException e) {
            return Checked.malformed("jwt", e, JWT_REMEDY);
        }
        Map<String, Object> claims = jws.claims();
        String issuer = claims.get("iss") instanceof String iss ? iss : null;
        // Byte for byte: the rules, the mapping and the contact lookup all see the literal sub.
        String subject = claims.get("sub") instanceof String sub && !UntrustedText.isBlank(sub) ? sub : null;
        InputSummary summary = new InputSummary("jwt", issuer, subject, jws.keyId(), jws.algorithm());
        Token token = new Token("jwt", issuer, subject, Facts.audience(claims.get("aud")), jws.keyId(), jws.algorithm(),
                purpose.label(), claims);
        return new Checked(summary, Facts.of(token), purpose, failClosed(jwtChecks.check(jws, now)));
    }

    /**
     * Claims are read only from the Assertion a signature covers: when none does (unsigned, wrapped, misplaced
     * signatures), the result has the findings and no identity, and the rules do not run.
     */
    private Checked checkSaml(String xml, Purpose purpose, Instant now) {
        SamlMessage message;
        try {
            message = SamlMessage.parse(xml);
        } catch (MalformedInputException e) {
            return Checked.malformed("saml", e, SAML_REMEDY);
        }
        SamlChecks.Outcome checked = samlChecks.check(message, now);
        SignedAssertion assertion = checked.assertion();
        if (assertion == null) {
            return new Checked(new InputSummary("saml", null, null, null, checked.algorithm()), null, purpose,
                    failClosed(checked.findings()));
        }
        String subject = assertion.nameId();
        InputSummary summary = new InputSummary("saml", assertion.issuer(), subject, null, checked.algorithm());
        Token token = new Token("saml", assertion.issuer(), subject, assertion.audiences(), null, checked.algorithm(),
                purpose.label(), assertion.claims());
        return new Checked(summary, new Facts(token, assertion.claimFacts()), purpose, failClosed(checked.findings()));
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

    private static List<KeySource> trustedFor(ValidatorConfig config, KeySource.Protocol protocol) {
        return config.keySources().stream().filter(source -> source.trustedFor(protocol)).toList();
    }
}
