package io.claimmap.engine.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.keys.KeyInspection;
import io.claimmap.engine.keys.KeyMaterial;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.testing.TestKeys;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static io.claimmap.engine.testing.TestTokens.NOW;
import static io.claimmap.engine.testing.TestTokens.claims;
import static io.claimmap.engine.testing.TestTokens.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol checks a complete ID token validation needs beyond signature and time: each named after its behaviour. */
class JwtProtocolChecksTest {
    private static final JwtChecks CHECKS = new JwtChecks(List.of(), List.of(TestTokens.ISSUER),
            List.of(TestTokens.CLIENT_ID), Duration.ofSeconds(60));

    private static List<Finding> findings(JwtChecks checks, String token) throws Exception {
        return checks.check(CompactJwsParser.parse(token), NOW).stream()
                .filter(f -> !f.code().equals("SIGNATURE_NOT_CHECKED")).toList();
    }

    private static List<String> codes(JwtChecks checks, String token) throws Exception {
        return findings(checks, token).stream().map(Finding::code).toList();
    }

    private static KeySource trusted(RSAKey... keys) {
        return new KeySource("jwks test", new ImmutableJWKSet<>(TestTokens.publicSet(keys)), false, null);
    }

    private static RSAKey weakKey(String kid) throws Exception {
        return TestKeys.rsa1024(kid);
    }

    private static String signWeak(RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims().build());
        jwt.sign(new RSASSASigner(key.toPrivateKey(), true));
        return jwt.serialize();
    }

    @Test
    void anRsaKeyUnder2048BitsNeverVerifies() throws Exception {
        RSAKey weak = weakKey("legacy-1024");
        List<Finding> findings = new SignatureCheck(List.of(trusted(weak))).check(CompactJwsParser.parse(signWeak(weak)));
        assertEquals(List.of("KEY_TOO_WEAK"), findings.stream().map(Finding::code).toList());
        assertEquals("error", findings.get(0).severity().label());
        assertTrue(findings.get(0).message().contains("1024 bits"), findings.get(0).message());
    }

    @Test
    void anRsaKeyWithExponentOneNeverVerifies() throws Exception {
        RSAKey normal = TestTokens.rsaKey();
        RSAKey exponentOne = new RSAKey.Builder(normal.getModulus(), com.nimbusds.jose.util.Base64URL.encode(BigInteger.ONE))
                .keyID(normal.getKeyID()).build();
        List<Finding> findings = new SignatureCheck(List.of(trusted(exponentOne)))
                .check(CompactJwsParser.parse(TestTokens.sign(claims().build())));
        assertEquals(List.of("KEY_TOO_WEAK"), findings.stream().map(Finding::code).toList());
        assertTrue(findings.get(0).message().contains("exponent is 1"), findings.get(0).message());
    }

    @Test
    void keysInspectReportsWeakKeysAndExponentOne() throws Exception {
        RSAKey weak = weakKey("legacy-1024");
        RSAKey exponentOne = new RSAKey.Builder(TestTokens.rsaKey().getModulus(),
                com.nimbusds.jose.util.Base64URL.encode(BigInteger.ONE)).keyID("e1").build();
        KeyMaterial.Loaded loaded = new KeyMaterial.Loaded("keys.json", List.of(weak.toPublicJWK(), exponentOne,
                TestTokens.rsaKey().toPublicJWK()), List.of(), null);
        List<Finding> findings = KeyInspection.of(List.of(loaded), NOW, 30).findings();
        assertEquals(List.of("KEY_TOO_WEAK", "KEY_TOO_WEAK"), findings.stream().map(Finding::code).toList());
        assertTrue(findings.get(0).message().contains("kid \"legacy-1024\"") && findings.get(0).message().contains("1024 bits"));
        assertTrue(findings.get(1).message().contains("kid \"e1\"") && findings.get(1).message().contains("exponent is 1"));
    }

    @Test
    void aKeyWhoseKeyOpsLackVerifyIsNotUsed() throws Exception {
        RSAKey signOnly = new RSAKey.Builder(TestTokens.rsaKey().toPublicJWK()).keyOperations(Set.of(KeyOperation.SIGN)).build();
        List<Finding> refused = new SignatureCheck(List.of(trusted(signOnly)))
                .check(CompactJwsParser.parse(TestTokens.sign(claims().build())));
        assertEquals(List.of("KEY_NOT_FOUND"), refused.stream().map(Finding::code).toList());
        assertTrue(refused.get(0).message().contains("key_ops"), refused.get(0).message());
        RSAKey verify = new RSAKey.Builder(TestTokens.rsaKey().toPublicJWK())
                .keyOperations(Set.of(KeyOperation.SIGN, KeyOperation.VERIFY)).build();
        assertEquals(List.of(), new SignatureCheck(List.of(trusted(verify))).check(CompactJwsParser.parse(TestTokens.sign(claims().build()))));
    }

    @Test
    void anUnencodedPayloadB64FalseIsRefused() {
        String token = raw("{\"alg\":\"RS256\",\"b64\":false,\"crit\":[\"b64\"]}", "{\"sub\":\"a\"}", "c2ln");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> CompactJwsParser.parse(token));
        assertTrue(e.getMessage().contains("RFC 7797"), e.getMessage());
    }

    @Test
    void aCritHeaderNamingAnUnknownExtensionIsRefusedAsSuch() {
        String token = raw("{\"alg\":\"RS256\",\"crit\":[\"exp-ext\"],\"exp-ext\":1}", "{\"sub\":\"a\"}", "c2ln");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> CompactJwsParser.parse(token));
        assertTrue(e.getMessage().contains("\"exp-ext\"") && e.getMessage().contains("does not understand"), e.getMessage());
        assertFalse(e.getMessage().contains("altered after signing"), e.getMessage());
    }

    @Test
    void atClockSkewZeroATokenWhoseExpIsNowHasExpired() throws Exception {
        JwtChecks noSkew = new JwtChecks(List.of(), List.of(), List.of(), Duration.ZERO);
        assertEquals(List.of("TOKEN_EXPIRED"), codes(noSkew, TestTokens.sign(claims().expirationTime(Date.from(NOW)).build())));
        assertEquals(List.of(), codes(noSkew, TestTokens.sign(claims().expirationTime(Date.from(NOW.plusSeconds(1))).build())));
    }

    @Test
    void aNumericAudNeverEqualsAStringAudience() throws Exception {
        JwtChecks numeric = new JwtChecks(List.of(), List.of(), List.of("12345"), Duration.ofSeconds(60));
        String claims = "\"sub\":\"a\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond();
        List<Finding> single = findings(numeric, raw("{\"alg\":\"RS256\"}", "{\"aud\":12345," + claims + "}", "c2ln"));
        assertEquals(List.of("AUDIENCE_MISMATCH"), single.stream().map(Finding::code).toList());
        assertTrue(single.get(0).message().contains("non-string 12345"), single.get(0).message());
        assertEquals(List.of("AUDIENCE_MISMATCH"), codes(numeric, raw("{\"alg\":\"RS256\"}", "{\"aud\":[12345]," + claims + "}", "c2ln")));
        assertEquals(List.of(), codes(numeric, raw("{\"alg\":\"RS256\"}", "{\"aud\":\"12345\"," + claims + "}", "c2ln")));
    }

    @Test
    void anAzpNamingAnotherClientIsAWarning() throws Exception {
        List<Finding> other = findings(CHECKS, TestTokens.sign(claims().audience(List.of(TestTokens.CLIENT_ID, "other-app"))
                .claim("azp", "other-app").build()));
        assertEquals(List.of("AZP_MISMATCH"), other.stream().map(Finding::code).toList());
        assertEquals("warning", other.get(0).severity().label());
        assertEquals(List.of(), codes(CHECKS, TestTokens.sign(claims().claim("azp", TestTokens.CLIENT_ID).build())));
        JwtChecks noAudience = new JwtChecks(List.of(), List.of(), List.of(), Duration.ofSeconds(60));
        assertEquals(List.of(), codes(noAudience, TestTokens.sign(claims().claim("azp", "other-app").build())), "nothing to compare with");
    }

    @Test
    void aSubOfOnlyInvisibleCharactersIsMissing() throws Exception {
        for (String sub : List.of("", " ", "\u200b", "\ufeff", "\u202e\u2066", "\u00a0\u3164", "\t\n")) {
            List<Finding> findings = findings(CHECKS, TestTokens.sign(claims().subject(sub).build()));
            assertEquals(List.of("SUB_MISSING"), findings.stream().map(Finding::code).toList(), sub.codePoints().boxed().toList().toString());
        }
        assertEquals(List.of(), codes(CHECKS, TestTokens.sign(claims().subject(" 00u1 ").build())), "visible, kept as is");
    }
}
