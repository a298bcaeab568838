package io.claimmap.engine.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeySource;
import io.claimmap.engine.keys.KeySources;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.testing.LoopbackServer;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Base64;
import java.util.List;

import static io.claimmap.engine.testing.TestTokens.claims;
import static io.claimmap.engine.testing.TestTokens.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each test feeds a crafted token to the signature check and asserts the finding code it must produce. */
class SignatureCheckTest {
    private static KeySource trusted(RSAKey... keys) {
        return new KeySource("jwks test", new ImmutableJWKSet<>(TestTokens.publicSet(keys)), false, null);
    }

    private static List<Finding> check(String token, KeySource... sources) throws Exception {
        return new SignatureCheck(List.of(sources)).check(CompactJwsParser.parse(token));
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }

    @Test
    void acceptsAGoodSignature() throws Exception {
        assertEquals(List.of(), check(TestTokens.sign(claims().build()), trusted(TestTokens.rsaKey())));
    }

    /** One check keeps the last token's header and key matcher: a token with another kid or alg must get neither. */
    @Test
    void eachTokenIsMatchedByItsOwnKidAndAlg() throws Exception {
        SignatureCheck check = new SignatureCheck(List.of(trusted(TestTokens.rsaKey())));
        String good = TestTokens.sign(claims().build());
        String otherKid = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rotated").build(),
                claims().build(), TestTokens.rsaKey());
        String otherAlg = raw("{\"alg\":\"ES256\",\"kid\":\"okta-2026\"}", claims().build().toString(), "c2ln");
        for (int round = 0; round < 2; round++) {
            assertEquals(List.of(), check.check(CompactJwsParser.parse(good)));
            assertEquals(List.of("KEY_NOT_FOUND"), codes(check.check(CompactJwsParser.parse(otherKid))));
            assertEquals(List.of(), check.check(CompactJwsParser.parse(good)));
            assertEquals(List.of("KEY_NOT_FOUND"), codes(check.check(CompactJwsParser.parse(otherAlg))));
        }
    }

    @Test
    void algNoneIsNotAllowed() throws Exception {
        String payload = claims().build().toString();
        for (String alg : List.of("none", "NONE", "None")) {
            List<Finding> findings = check(raw("{\"alg\":\"" + alg + "\"}", payload, ""), trusted(TestTokens.rsaKey()));
            assertEquals(List.of("ALG_NOT_ALLOWED"), codes(findings), alg);
            assertTrue(findings.get(0).message().contains("unsigned"), findings.get(0).message());
        }
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyIsNotAllowed() throws Exception {
        // The classic key-confusion attack: HMAC keyed with the verifier's public key bytes.
        byte[] publicKeyBytes = TestTokens.rsaKey().toRSAPublicKey().getEncoded();
        String token = TestTokens.signHmac(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("okta-2026").build(),
                claims().build(), publicKeyBytes);
        List<Finding> findings = check(token, trusted(TestTokens.rsaKey()));
        assertEquals(List.of("ALG_NOT_ALLOWED"), codes(findings));
        assertTrue(findings.get(0).message().contains("HMAC"));
    }

    @Test
    void algorithmsOutsideTheAllowListAreNotAllowed() throws Exception {
        String token = raw("{\"alg\":\"EdDSA\",\"kid\":\"x\"}", "{\"sub\":\"a\"}", "c2ln");
        assertEquals(List.of("ALG_NOT_ALLOWED"), codes(check(token, trusted(TestTokens.rsaKey()))));
    }

    @Test
    void aTamperedPayloadHasAnInvalidSignature() throws Exception {
        String[] parts = TestTokens.sign(claims().build()).split("\\.");
        String forged = TestTokens.b64(claims().subject("someone-else").build().toString());
        List<Finding> findings = check(parts[0] + "." + forged + "." + parts[2], trusted(TestTokens.rsaKey()));
        assertEquals(List.of("SIGNATURE_INVALID"), codes(findings));
    }

    @Test
    void anEcdsaSignatureOfZerosIsInvalid() throws Exception {
        String signed = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                claims().build(), TestTokens.ecKey());
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        String token = signed.substring(0, signed.lastIndexOf('.') + 1) + zeros;
        KeySource ec = new KeySource("jwks ec", new ImmutableJWKSet<>(TestTokens.publicSet(TestTokens.ecKey())), false, null);
        assertEquals(List.of(), check(signed, ec), "the genuine ES256 token verifies");
        assertEquals(List.of("SIGNATURE_INVALID"), codes(check(token, ec)));
    }

    @Test
    void anEmbeddedJwkIsIgnored() throws Exception {
        RSAKey attacker = TestTokens.rsaKey("okta-2026");
        String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("okta-2026")
                .jwk(attacker.toPublicJWK()).build(), claims().subject("attacker").build(), attacker);
        List<Finding> findings = check(token, trusted(TestTokens.rsaKey()));
        assertEquals(List.of("HEADER_KEY_IGNORED", "SIGNATURE_INVALID"), codes(findings));
    }

    @Test
    void aJkuIsNeverFetched() throws Exception {
        RSAKey attacker = TestTokens.rsaKey("attacker-key");
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/jwks.json", TestTokens.publicSet(attacker).toString());
            String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker-key")
                            .jwkURL(URI.create(server.url("/jwks.json"))).x509CertURL(URI.create(server.url("/cert.pem"))).build(),
                    claims().build(), attacker);
            List<Finding> findings = check(token, trusted(TestTokens.rsaKey()));
            assertEquals(List.of("HEADER_KEY_IGNORED", "KEY_NOT_FOUND"), codes(findings));
            assertEquals(0, server.requests(), "nothing named in the token is fetched");
        }
    }

    @Test
    void keyNotFoundNamesTheTokensKidAndTheTrustedOnes() throws Exception {
        RSAKey rotated = TestTokens.rsaKey("okta-2027");
        String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("okta-2027").build(),
                claims().build(), rotated);
        Finding finding = check(token, trusted(TestTokens.rsaKey())).get(0);
        assertEquals("KEY_NOT_FOUND", finding.code());
        assertTrue(finding.message().contains("kid \"okta-2027\""), finding.message());
        assertTrue(finding.message().contains("kid \"okta-2026\" from jwks test"), finding.message());
        assertTrue(finding.message().contains("rotation"), finding.message());
    }

    @Test
    void noKeySourceMeansTheSignatureWasNotChecked() throws Exception {
        assertEquals(List.of("SIGNATURE_NOT_CHECKED"), codes(check(TestTokens.sign(claims().build()))));
    }

    @Test
    void aPemKeyIsTriedWhateverTheKid() throws Exception {
        java.nio.file.Path pem = java.nio.file.Files.createTempFile("key", ".pem");
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(TestTokens.rsaKey().toRSAPublicKey().getEncoded());
        java.nio.file.Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        assertEquals(List.of(), check(TestTokens.sign(claims().build()), KeySources.pem(pem.toString())));
    }

    @Test
    void aPemCertificateOfAnotherKeyIsNamedForWhatItIs() throws Exception {
        // A certificate names no kid: not its serial number as if it were one, and no "key with the same kid".
        io.claimmap.engine.testing.TestCertificates.Credential other = io.claimmap.engine.testing.TestCertificates.rsa(
                "other", TestTokens.NOW.minusSeconds(86_400), TestTokens.NOW.plusSeconds(86_400 * 400L));
        java.nio.file.Path pem = java.nio.file.Files.createTempFile("cert", ".pem");
        java.nio.file.Files.writeString(pem, other.pem());
        List<Finding> findings = check(TestTokens.sign(claims().build()), KeySources.pem(pem.toString()));
        assertEquals(List.of("SIGNATURE_INVALID"), codes(findings));
        assertEquals("the signature does not verify with the trusted key RSA key without kid: the token was altered "
                + "after signing or signed by another key", findings.get(0).message());
    }

    @Test
    void remoteKeysAreFetchedFromTheConfiguredUrl() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString());
            assertEquals(List.of(), check(TestTokens.sign(claims().build()), KeySources.jwks(server.url("/keys"))));
            assertEquals(1, server.requests());
        }
    }

    @Test
    void anUnreachableKeySourceIsKeysUnavailable() throws Exception {
        String url;
        try (LoopbackServer server = new LoopbackServer()) {
            url = server.url("/keys");
        }
        List<Finding> findings = check(TestTokens.sign(claims().build()), KeySources.jwks(url));
        assertEquals(List.of("KEYS_UNAVAILABLE"), codes(findings));
        assertTrue(findings.get(0).message().startsWith("jwks " + url), findings.get(0).message());
    }

    @Test
    void aKeySourceServingHtmlIsKeysUnavailable() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/keys", "<html>login</html>");
            assertEquals(List.of("KEYS_UNAVAILABLE"), codes(check(TestTokens.sign(claims().build()),
                    KeySources.jwks(server.url("/keys")))));
        }
    }

    @Test
    void discoveryGivesKeysAndIssuer() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/.well-known/openid-configuration", () -> "{\"issuer\":\"" + TestTokens.ISSUER
                    + "\",\"jwks_uri\":\"" + server.url("/keys") + "\"}");
            server.serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString());
            KeySource source = KeySources.discovery(server.url(""));
            assertEquals(TestTokens.ISSUER, source.issuer());
            assertEquals(List.of(), check(TestTokens.sign(claims().build()), source));
        }
    }

    @Test
    void plainHttpIsRefusedExceptOnLoopback() {
        assertThrows(KeyConfigException.class, () -> KeySources.jwks("http://idp.example.com/keys"));
        assertThrows(KeyConfigException.class, () -> KeySources.discovery("ftp://idp.example.com/"));
    }

    @Test
    void aMissingOrNonPemKeyFileIsAConfigurationError() throws Exception {
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.pem("/no/such/key.pem")).getMessage()
                .contains("no such file"));
        java.nio.file.Path notPem = java.nio.file.Files.createTempFile("key", ".pem");
        java.nio.file.Files.writeString(notPem, "hello");
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.pem(notPem.toString())).getMessage()
                .contains("not PEM"));
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.jwks(notPem.toString())).getMessage()
                .contains("not a JWK Set"));
    }
}
