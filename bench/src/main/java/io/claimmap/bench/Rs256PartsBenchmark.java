package io.claimmap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.claimmap.engine.Inspection;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.ValidationRequest;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.input.DetectedInput;
import io.claimmap.engine.input.InputDetector;
import io.claimmap.engine.rules.RuleOutcome;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.input.CompactJws;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.result.ValidationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where an RS256 validation's time goes beyond the signature: the parts of {@link Rs256Benchmark#claimmapValidate}
 * timed alone on the same token. Not part of the ratios; for profiling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class Rs256PartsBenchmark {
    private Instant now;
    private String token;
    private Validator validator;
    private Validator unverified;
    private RuleSet rules;
    private Token fact;
    private Token agent;
    private List<Claim> claims;
    private RSASSAVerifier verifier;
    private JWSHeader header;
    private byte[] signingInput;
    private Base64URL signature;
    private ValidationResult result;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Setup
    public void setUp() throws Exception {
        Fixtures fixtures = new Fixtures();
        RSAKey key = Fixtures.rsaKey();
        now = fixtures.now;
        token = fixtures.sign(key);
        rules = fixtures.rules(List.of());
        validator = fixtures.validator(fixtures.jwksFile(key), rules);
        unverified = new Validator(new ValidatorConfig(List.of(), List.of(Fixtures.ISSUER), List.of(Fixtures.AUDIENCE),
                ValidatorConfig.DEFAULT_CLOCK_SKEW, Contacts.NONE, rules, true));
        CompactJws jws = CompactJwsParser.parse(token);
        fact = new Token("jwt", (String) jws.claims().get("iss"), (String) jws.claims().get("sub"),
                List.of(Fixtures.AUDIENCE), jws.keyId(), jws.algorithm(), Purpose.MESSAGING.label(), jws.claims());
        claims = Claim.fromClaims(jws.claims());
        agent = new Token("jwt", fact.getIssuer(), fact.getSubject(), fact.getAudience(), fact.getKeyId(),
                fact.getAlgorithm(), Purpose.AGENT.label(), jws.claims());
        verifier = new RSASSAVerifier(key.toPublicJWK());
        String[] parts = token.split("\\.");
        header = JWSHeader.parse(Base64URL.from(parts[0]));
        signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        signature = new Base64URL(parts[2]);
        result = Fixtures.requireValid(Fixtures.validateOnce(validator, token, now), "claimmap RS256");
        if (!nimbusVerify() || !inspect().verified() || !Fixtures.USER_ID.equals(unverifiedValidate().mapping().externalId())) {
            throw new IllegalStateException("the parts do not accept the token");
        }
    }

    /** nimbus' verifier alone, as claimmap calls it (header parsed, verifier cached). */
    @Benchmark
    public boolean nimbusVerify() throws Exception {
        return verifier.verify(header, signingInput, signature);
    }

    /** Detection, strict parsing and every check (signature included), no rules: {@code Validator.inspect}. */
    @Benchmark
    public Inspection inspect() {
        return validator.inspect(ValidationRequest.of(token, Purpose.MESSAGING, now, false));
    }

    /**
     * Everything {@code Validator.validate} does but the signature and the key lookup ({@code --unverified} without a
     * key source): what a validation costs beside the verify, without the verify's noise.
     */
    @Benchmark
    public ValidationResult unverifiedValidate() {
        return unverified.validate(ValidationRequest.of(token, Purpose.MESSAGING, now, false));
    }

    /** Input detection alone. */
    @Benchmark
    public DetectedInput detect() throws MalformedInputException {
        return InputDetector.detect(token);
    }

    /** The built-in packs with the token's claim facts, as {@code Rs256Benchmark.droolsEvaluate}. */
    @Benchmark
    public RuleOutcome builtinPacks() {
        return rules.evaluate(fact, claims, Contacts.NONE);
    }

    /** The same, purpose agent: the qm rules read the claims. */
    @Benchmark
    public RuleOutcome builtinPacksAgent() {
        return rules.evaluate(agent, claims, Contacts.NONE);
    }

    /** Strict compact-JWS parsing alone. */
    @Benchmark
    public CompactJws parse() throws MalformedInputException {
        return CompactJwsParser.parse(token);
    }

    /** The REST body of the result (one line), written in one pass. */
    @Benchmark
    public byte[] resultJson() {
        return ResultJson.compactBytes(result);
    }

    /** The same body as it was made before: an ObjectNode tree, written to a String, encoded. */
    @Benchmark
    public byte[] resultJsonTree() throws Exception {
        return MAPPER.writeValueAsString(ResultJson.toTree(result)).getBytes(StandardCharsets.UTF_8);
    }
}
