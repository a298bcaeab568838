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
        validator = fixtures.validator(fixtures.jwksFile(key), fixtures.rules(List.of()));
        verifier = new RSASSAVerifier(key.toPublicJWK());
        String[] parts = token.split("\\.");
        header = JWSHeader.parse(Base64URL.from(parts[0]));
        signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        signature = new Base64URL(parts[2]);
        result = Fixtures.requireValid(Fixtures.validateOnce(validator, token, now), "claimmap RS256");
        if (!nimbusVerify() || !inspect().verified()) {
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
