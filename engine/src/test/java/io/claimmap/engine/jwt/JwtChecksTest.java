package io.claimmap.engine.jwt;

import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import static io.claimmap.engine.testing.TestTokens.NOW;
import static io.claimmap.engine.testing.TestTokens.claims;
import static io.claimmap.engine.testing.TestTokens.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registered-claim checks, each named after the finding it must raise (no key source: signature aside). */
class JwtChecksTest {
    private static final JwtChecks CHECKS = new JwtChecks(List.of(), List.of(TestTokens.ISSUER),
            List.of(TestTokens.CLIENT_ID), Duration.ofSeconds(60));

    private static List<String> codes(String token) throws Exception {
        return CHECKS.check(CompactJwsParser.parse(token), NOW).stream().map(Finding::code)
                .filter(code -> !code.equals("SIGNATURE_NOT_CHECKED")).toList();
    }

    private static List<String> codes(com.nimbusds.jwt.JWTClaimsSet claims) throws Exception {
        return codes(TestTokens.sign(claims));
    }

    @Test
    void aValidTokenRaisesNothing() throws Exception {
        assertEquals(List.of(), codes(claims().build()));
    }

    @Test
    void tokenExpired() throws Exception {
        assertEquals(List.of("TOKEN_EXPIRED"), codes(claims().expirationTime(Date.from(NOW.minusSeconds(61))).build()));
        assertEquals(List.of(), codes(claims().expirationTime(Date.from(NOW.minusSeconds(59))).build()), "within the skew");
    }

    @Test
    void tokenNotYetValidByNbfOrIat() throws Exception {
        assertEquals(List.of("TOKEN_NOT_YET_VALID"), codes(claims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build()));
        List<Finding> iat = CHECKS.check(CompactJwsParser.parse(TestTokens.sign(
                claims().issueTime(Date.from(NOW.plusSeconds(3600))).build())), NOW);
        assertTrue(iat.stream().anyMatch(f -> f.code().equals("TOKEN_NOT_YET_VALID") && f.message().contains("issued in the future")));
    }

    @Test
    void expiryMissing() throws Exception {
        assertEquals(List.of("EXPIRY_MISSING"), codes(claims().expirationTime(null).build()));
    }

    @Test
    void aTimeClaimThatIsNotANumberIsMalformed() throws Exception {
        String token = raw("{\"alg\":\"RS256\"}", "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.CLIENT_ID
                + "\",\"sub\":\"a\",\"exp\":\"tomorrow\"}", "c2ln");
        assertEquals(List.of("MALFORMED_INPUT"), codes(token));
    }

    @Test
    void issuerMismatch() throws Exception {
        List<Finding> findings = CHECKS.check(CompactJwsParser.parse(TestTokens.sign(
                claims().issuer(TestTokens.ISSUER + "/").build())), NOW);
        Finding mismatch = findings.stream().filter(f -> f.code().equals("ISSUER_MISMATCH")).findFirst().orElseThrow();
        assertTrue(mismatch.message().contains("trailing slash"), mismatch.message());
        assertEquals(List.of("ISSUER_MISMATCH"), codes(claims().issuer(null).build()));
    }

    @Test
    void audienceMismatchForStringAndArrayAud() throws Exception {
        assertEquals(List.of("AUDIENCE_MISMATCH"), codes(claims().audience("someone-else").build()));
        assertEquals(List.of("AUDIENCE_MISMATCH"), codes(claims().audience(List.of("a", "b")).build()));
        assertEquals(List.of(), codes(claims().audience(List.of("a", TestTokens.CLIENT_ID)).build()));
        assertEquals(List.of("AUDIENCE_MISMATCH"), codes(claims().audience((String) null).build()));
    }

    @Test
    void subMissing() throws Exception {
        assertEquals(List.of("SUB_MISSING"), codes(claims().subject(null).build()));
        assertEquals(List.of("SUB_MISSING"), codes(claims().subject(" ").build()));
    }

    @Test
    void theDiscoveryIssuerMustMatchToo() throws Exception {
        var source = new io.claimmap.engine.keys.KeySource("discovery x", (selector, context) -> List.of(), false,
                "https://other.example.com");
        List<Finding> findings = new JwtChecks(List.of(source), List.of(), List.of(), Duration.ofSeconds(60))
                .check(CompactJwsParser.parse(TestTokens.sign(claims().build())), NOW);
        assertTrue(findings.stream().anyMatch(f -> f.code().equals("ISSUER_MISMATCH")
                && f.message().contains("the discovery document's issuer")), findings.toString());
    }
}
