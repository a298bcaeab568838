package io.claimmap.bench;

import io.claimmap.engine.ValidationRequest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.Validator;
import io.claimmap.engine.ValidatorConfig;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeySources;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.rules.RuleCompilationException;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSetLoader;
import io.claimmap.engine.rules.RuleSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keys, tokens and validators shared by the benchmarks. Tokens are signed fresh for each run with a key made for it;
 * the claims are those of the Salesforce example (a {@code sub} that is an identity URL), so the built-in packs
 * have a mapping to make and a finding to raise, as in the CLI's main scenario.
 */
final class Fixtures {
    static final String ISSUER = "https://login.salesforce.com";
    static final String AUDIENCE = "3MVG9-genesys-messenger";
    static final String USER_ID = "0055g00000ABcdeAAD";

    /** The validation time: the token was issued a minute earlier and expires in 59 minutes. */
    final Instant now = Instant.now();
    final Path tempDir;

    Fixtures() throws IOException {
        tempDir = Files.createTempDirectory("claimmap-bench-");
        Path root = tempDir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temporary folder
        }
    }

    static RSAKey rsaKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID("sf-bench-rsa").algorithm(JWSAlgorithm.RS256).generate();
    }

    static ECKey ecKey() throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID("bench-ec").algorithm(JWSAlgorithm.ES256).generate();
    }

    JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("https://login.salesforce.com/id/00D5g000004SxyzEAC/" + USER_ID)
                .audience(AUDIENCE)
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plusSeconds(3540)))
                .claim("name", "Ada Lovelace")
                .claim("preferred_username", "ada.lovelace@example.com")
                .claim("email", "ada.lovelace@example.com")
                .build();
    }

    String sign(JWK key) throws JOSEException {
        JWSAlgorithm alg = (JWSAlgorithm) key.getAlgorithm();
        JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID())
                .type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims());
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Writes the public half of the key as a JWK Set file, as {@code --jwks FILE} reads it. */
    Path jwksFile(JWK key) throws IOException {
        Path file = tempDir.resolve(key.getKeyID() + ".jwks.json");
        Files.writeString(file, new JWKSet(key.toPublicJWK()).toString(true), StandardCharsets.UTF_8);
        return file;
    }

    /** The built-in packs (compiled at build time), plus any user rules, cached under a folder of this run. */
    RuleSet rules(List<RuleSource> userRules) throws IOException, RuleCompilationException {
        return new RuleSetLoader(tempDir.resolve("cache")).load(true, userRules);
    }

    /** What {@code claimmap validate --jwks FILE --issuer ISS --audience AUD} builds. */
    Validator validator(Path jwks, RuleSet rules) throws KeyConfigException {
        return new Validator(new ValidatorConfig(List.of(KeySources.jwks(jwks.toString())), List.of(ISSUER),
                List.of(AUDIENCE), ValidatorConfig.DEFAULT_CLOCK_SKEW, Contacts.NONE, rules));
    }

    /** The baseline: nimbus' own processor, checking the signature, exp/nbf, iss, aud and required claims. */
    static ConfigurableJWTProcessor<SecurityContext> nimbusProcessor(JWK key) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>((JWSAlgorithm) key.getAlgorithm(),
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "iat", "exp")));
        return processor;
    }

    /** Fails the run unless the token passed (or warned) with its signature verified and the user id mapped. */
    static ValidationResult requireValid(ValidationResult result, String what) {
        boolean signatureProblem = result.findings().stream().map(Finding::code)
                .anyMatch(code -> code.startsWith("SIGNATURE_") || code.startsWith("KEY") || code.equals("ALG_NOT_ALLOWED"));
        if (result.verdict() == Verdict.FAIL || signatureProblem || !USER_ID.equals(result.mapping().externalId())) {
            throw new IllegalStateException(what + ": the benchmark token does not validate as expected: " + result);
        }
        return result;
    }

    static ValidationResult validateOnce(Validator validator, String token, Instant now) {
        return validator.validate(ValidationRequest.of(token, Purpose.MESSAGING, now, false));
    }
}
