package io.claimmap.bench;

import io.claimmap.engine.ValidationRequest;

import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.result.ValidationResult;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ES256 (P-256) ID token: claimmap, which verifies ECDSA with BouncyCastle, against the JDK's own ECDSA and
 * BouncyCastle's through the JCA, and nimbus' DefaultJWTProcessor (JDK provider) for reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class Es256Benchmark {
    private Instant now;
    private String token;
    private Validator validator;
    private ConfigurableJWTProcessor<SecurityContext> nimbus;
    private PublicKey publicKey;
    private Provider bouncyCastle;
    private byte[] signingInput;
    private byte[] derSignature;

    @Setup
    public void setUp() throws Exception {
        Fixtures fixtures = new Fixtures();
        ECKey key = Fixtures.ecKey();
        now = fixtures.now;
        token = fixtures.sign(key);
        validator = fixtures.validator(fixtures.jwksFile(key), fixtures.rules(List.of()));
        nimbus = Fixtures.nimbusProcessor(key);
        publicKey = key.toECPublicKey();
        bouncyCastle = new BouncyCastleProvider();
        String[] parts = token.split("\\.");
        signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        // JWS carries R||S; the JCA wants DER. Converted once here, so the JCA figures are the bare verify.
        derSignature = ECDSA.transcodeSignatureToDER(new Base64URL(parts[2]).decode());

        Fixtures.requireValid(claimmapValidate(), "claimmap ES256");
        if (!Fixtures.ISSUER.equals(nimbusDefaultJwtProcessor().getIssuer()) || !jdkJcaVerify() || !bouncyCastleJcaVerify()) {
            throw new IllegalStateException("the ES256 baselines do not accept the token");
        }
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public ValidationResult claimmapValidate() {
        return validator.validate(ValidationRequest.of(token, Purpose.MESSAGING, now, false));
    }

    /** The JDK's SunEC provider, as a plain JCA caller (and nimbus by default) gets it. */
    @Benchmark
    public boolean jdkJcaVerify() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(signingInput);
        return verifier.verify(derSignature);
    }

    /** BouncyCastle through the JCA, the provider claimmap's ECDSA verifier uses. */
    @Benchmark
    public boolean bouncyCastleJcaVerify() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA", bouncyCastle);
        verifier.initVerify(publicKey);
        verifier.update(signingInput);
        return verifier.verify(derSignature);
    }

    /** nimbus' DefaultJWTProcessor with its default (JDK) provider, for reference. */
    @Benchmark
    public JWTClaimsSet nimbusDefaultJwtProcessor() throws Exception {
        return nimbus.process(token, null);
    }
}
