package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.testing.LoopbackServer;
import io.claimmap.engine.testing.TestTokens;
import io.claimmap.engine.input.CompactJwsParser;
import io.claimmap.engine.jwt.SignatureCheck;
import io.claimmap.engine.result.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.claimmap.engine.testing.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Remote key sources that misbehave, on real loopback servers: each gives a clear answer within its timeout. */
@Isolated("sets the JVM-wide key fetch read timeout")
class KeySourceFaultsTest {
    private static final Instant NOW = TestTokens.NOW;

    private static List<String> validate(KeySource source) throws Exception {
        return new SignatureCheck(List.of(source)).check(CompactJwsParser.parse(TestTokens.sign(claims().build())))
                .stream().map(Finding::code).toList();
    }

    @Test
    void anEndpointThatIsDown() throws Exception {
        String url;
        try (LoopbackServer server = new LoopbackServer()) {
            url = server.url("/keys");
        }
        assertNotNull(KeyMaterial.load(url).unavailable());
        assertEquals(List.of("KEYS_UNAVAILABLE"), validate(KeySources.jwks(url)));
    }

    @Test
    void anEndpointSlowerThanTheReadTimeout() throws Exception {
        int readTimeout = 300; // injected: the real 3 s would be waited out for nothing
        CountDownLatch clientGaveUp = new CountDownLatch(1);
        try (LoopbackServer server = new LoopbackServer()) {
            // The endpoint answers nothing until the client has given up (or 30 s, far beyond any timeout).
            server.handle("/keys", exchange -> clientGaveUp.await(30, TimeUnit.SECONDS));
            long start = System.nanoTime();
            KeyMaterial.Loaded loaded = KeyFetcher.withReadTimeout(readTimeout, () -> KeyMaterial.load(server.url("/keys")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            clientGaveUp.countDown();
            assertTrue(loaded.unavailable().contains("timed out"), loaded.unavailable());
            assertTrue(millis < readTimeout + 2_000, "gave up after " + millis + " ms");
        }
        assertEquals(KeyFetcher.READ_TIMEOUT_MS, new KeyFetcher().getReadTimeout(), "the real timeout is back");
    }

    @Test
    void anEndpointServingHtml() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/keys", "<html><body>Sign in</body></html>");
            assertThrows(KeyConfigException.class, () -> KeyMaterial.load(server.url("/keys")));
            assertEquals(List.of("KEYS_UNAVAILABLE"), validate(KeySources.jwks(server.url("/keys"))));
            // An issuer's own page (given where its discovery URL belongs) is said to be a page, not "a DOCTYPE".
            server.serve("/issuer", "<!DOCTYPE html>\n<html><body>Sign in</body></html>");
            assertEquals(server.url("/issuer") + ": is an HTML page, not SAML metadata, a JWK Set, a discovery document "
                    + "or PEM (for an OpenID provider, give its discovery URL: the issuer + /.well-known/openid-configuration)",
                    assertThrows(KeyConfigException.class, () -> KeyMaterial.load(server.url("/issuer"))).getMessage());
        }
    }

    @Test
    void anEndpointServingFiftyMegabytes() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.handle("/keys", exchange -> {
                exchange.sendResponseHeaders(200, 50L * 1024 * 1024);
                byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 800; i++) {
                        out.write(chunk);
                    }
                }
            });
            KeyMaterial.Loaded loaded = KeyMaterial.load(server.url("/keys"));
            assertTrue(loaded.unavailable().contains("limit"), loaded.unavailable());
            assertEquals(List.of("KEYS_UNAVAILABLE"), validate(KeySources.jwks(server.url("/keys"))));
        }
    }

    @Test
    void anEndpointThatRedirectsElsewhere() throws Exception {
        try (LoopbackServer elsewhere = new LoopbackServer(); LoopbackServer server = new LoopbackServer()) {
            elsewhere.serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString());
            server.handle("/keys", exchange -> {
                exchange.getResponseHeaders().set("Location", elsewhere.url("/keys"));
                exchange.sendResponseHeaders(302, -1);
            });
            KeyMaterial.Loaded loaded = KeyMaterial.load(server.url("/keys"));
            assertTrue(loaded.unavailable().contains("302"), loaded.unavailable());
            assertEquals(List.of("KEYS_UNAVAILABLE"), validate(KeySources.jwks(server.url("/keys"))));
            assertEquals(0, elsewhere.requests(), "the redirect is not followed");
        }
    }

    @Test
    void oneBrokenKeyAmongGoodOnes() throws Exception {
        Map<String, Object> good = TestTokens.rsaKey().toPublicJWK().toJSONObject();
        String set = "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"broken\",\"crv\":\"P-999\",\"x\":\"AA\",\"y\":\"AA\"},"
                + com.nimbusds.jose.util.JSONObjectUtils.toJSONString(good) + "]}";
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/keys", set);
            KeyMaterial.Loaded loaded = KeyMaterial.load(server.url("/keys"));
            assertEquals(1, loaded.keys().size());
            assertTrue(loaded.unusable().get(0).startsWith("key #1 (kid \"broken\") cannot be used"), loaded.unusable().toString());
            assertEquals(List.of("KEY_UNUSABLE"), KeyInspection.of(List.of(loaded), NOW, 30).findings().stream().map(Finding::code).toList());
            assertEquals(List.of(), validate(KeySources.jwks(server.url("/keys"))), "the good key still verifies");
        }
    }

    @Test
    void certificatesExpiredExpiringAndValid() throws Exception {
        List<KeyMaterial.Loaded> loaded = List.of(
                KeyMaterial.load(cert("expired")), KeyMaterial.load(cert("expiring-soon")), KeyMaterial.load(cert("valid")));
        KeyInspection inspection = KeyInspection.of(loaded, NOW, 30);
        assertEquals(List.of("CERT_EXPIRED", "CERT_EXPIRING_SOON"), inspection.findings().stream().map(Finding::code).toList());
        KeyDescription soon = inspection.keys().get(1);
        assertEquals(19, soon.certificate().daysLeft()); // 2026-12-11T00:00Z is 19.5 days after NOW
        assertEquals("CN=expiring-soon,O=claimmap tests", soon.certificate().subject());
        assertEquals(95, soon.certificate().sha256Fingerprint().length());
        assertEquals(List.of(), KeyInspection.of(loaded.subList(2, 3), NOW, 30).findings());
        assertTrue(KeyInspection.of(loaded.subList(2, 3), NOW, 800).findings().get(0).code().equals("CERT_EXPIRING_SOON"));
    }

    @Test
    void aPemFileThatIsNotPemAndAMissingFile() {
        assertThrows(KeyConfigException.class, () -> KeyMaterial.load("/no/such/file.pem"));
    }

    @Test
    void diffComparesByThumbprintAndSaysWhatItMeans() throws Exception {
        JWK a = TestTokens.rsaKey("a").toPublicJWK();
        JWK b = TestTokens.rsaKey("b").toPublicJWK();
        JWK reused = TestTokens.rsaKey("a").toPublicJWK();
        List<KeyDescription> before = List.of(KeyDescription.of(a, "old", NOW), KeyDescription.of(b, "old", NOW));
        List<KeyDescription> after = List.of(KeyDescription.of(b, "new", NOW), KeyDescription.of(reused, "new", NOW));
        KeySetDiff diff = KeySetDiff.of(before, after);
        assertEquals(1, diff.added().size());
        assertEquals(1, diff.removed().size());
        assertEquals("b", diff.kept().get(0).keyId());
        assertTrue(diff.consequences().get(0).startsWith("tokens signed with kid \"a\" will fail against OLD"), diff.consequences().toString());
        assertTrue(diff.consequences().stream().anyMatch(c -> c.contains("now names a different key")), diff.consequences().toString());
        assertEquals(List.of("the same keys: tokens verify against OLD and NEW alike"), KeySetDiff.of(before, before).consequences());
    }

    private static String cert(String name) throws Exception {
        return Path.of(KeySourceFaultsTest.class.getResource("/certs/" + name + ".pem").toURI()).toString();
    }

    @Test
    void aDiscoveryDocumentThatIsDownAtStartIsFetchedOnceItIsBack() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            AtomicLong clock = new AtomicLong(1_000_000); // the retry delay's clock, moved on by the test
            KeySource source = KeySources.discovery(server.url(""), clock::get);
            assertEquals(List.of("KEYS_UNAVAILABLE"), validate(source));
            assertEquals(null, source.issuer());
            server.serve("/.well-known/openid-configuration", () -> "{\"issuer\":\"" + TestTokens.ISSUER
                    + "\",\"jwks_uri\":\"" + server.url("/keys") + "\"}");
            server.serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString());
            int asked = server.requests();
            clock.addAndGet(DiscoverySource.RETRY_MILLIS - 1);
            assertEquals(List.of("KEYS_UNAVAILABLE"), validate(source), "not fetched again before the retry delay");
            assertEquals(asked, server.requests());
            clock.addAndGet(1);
            assertEquals(List.of(), validate(source));
            assertEquals(TestTokens.ISSUER, source.issuer());
        }
    }
}
