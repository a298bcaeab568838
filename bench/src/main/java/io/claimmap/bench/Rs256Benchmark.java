package io.claimmap.bench;

import io.claimmap.engine.ValidationRequest;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.input.CompactJws;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RuleOutcome;
import io.claimmap.engine.rules.RuleSet;
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
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One RS256 (RSA 2048) ID token, validated four ways, from the whole claimmap pipeline down to the bare signature
 * check. The ratios validate/nimbus and validate/jca are what {@code docs/PERFORMANCE.md} reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class Rs256Benchmark {
    private Instant now;
    private String token;
    private Validator validator;
    private ConfigurableJWTProcessor<SecurityContext> nimbus;
    private PublicKey publicKey;
    private byte[] signingInput;
    private byte[] signature;
    private RuleSet rules;
    private Token fact;
    private List<Claim> claims;

    @Setup
    public void setUp() throws Exception {
        Fixtures fixtures = new Fixtures();
        RSAKey key = Fixtures.rsaKey();
        now = fixtures.now;
        token = fixtures.sign(key);
        rules = fixtures.rules(List.of());
        validator = fixtures.validator(fixtures.jwksFile(key), rules);
        nimbus = Fixtures.nimbusProcessor(key);
        publicKey = key.toRSAPublicKey();
        String[] parts = token.split("\\.");
        signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        signature = new Base64URL(parts[2]).decode();

        // The rule evaluation alone gets the facts the pipeline would give it.
        CompactJws jws = CompactJwsParser.parse(token);
        Map<String, Object> claimMap = jws.claims();
        fact = new Token("jwt", (String) claimMap.get("iss"), (String) claimMap.get("sub"), List.of(Fixtures.AUDIENCE),
                jws.keyId(), jws.algorithm(), Purpose.MESSAGING.label(), claimMap);
        claims = Claim.fromClaims(claimMap);

        // Benchmark only the success path: each way must accept the token.
        Fixtures.requireValid(claimmapValidate(), "claimmap RS256");
        if (!Fixtures.ISSUER.equals(nimbusDefaultJwtProcessor().getIssuer()) || !jcaVerify()) {
            throw new IllegalStateException("the RS256 baselines do not accept the token");
        }
        if (!Fixtures.USER_ID.equals(droolsEvaluate().mapping().externalId())) {
            throw new IllegalStateException("the built-in rules did not map the token: " + droolsEvaluate());
        }
    }

    /** Input detection, strict parsing, signature, time/iss/aud/sub checks, built-in packs, mapping checks. */
    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public ValidationResult claimmapValidate() {
        return validator.validate(ValidationRequest.of(token, Purpose.MESSAGING, now, false));
    }

    /** Baseline: nimbus' DefaultJWTProcessor over an ImmutableJWKSet (parse, key selection, signature, claims). */
    @Benchmark
    public JWTClaimsSet nimbusDefaultJwtProcessor() throws Exception {
        return nimbus.process(token, null);
    }

    /** Floor: the JDK's RSA signature check of the same signing input, with the key already decoded. */
    @Benchmark
    public boolean jcaVerify() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    /** The built-in Drools packs alone, on the facts of the same token (a stateless session per evaluation). */
    @Benchmark
    public RuleOutcome droolsEvaluate() {
        return rules.evaluate(fact, claims, Contacts.NONE);
    }
}
