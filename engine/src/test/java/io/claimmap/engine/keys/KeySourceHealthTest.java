package io.claimmap.engine.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import io.claimmap.engine.testing.LoopbackServer;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key source health as the sources report it (no probing), and the lock-free discovery fetch. */
class KeySourceHealthTest {
    @Test
    void aRemoteSourceReportsUpAfterAFetchThatGaveKeys() throws Exception {
        try (LoopbackServer idp = new LoopbackServer().serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString())) {
            KeySource source = KeySources.jwks(idp.url("/keys"));
            assertNull(source.health().state().up(), "unknown before the first fetch");
            List<KeySourceHealth.State> changes = new ArrayList<>();
            source.health().onChange(changes::add);
            assertFalse(source.all().isEmpty());
            assertTrue(source.health().up());
            assertEquals(1, changes.size());
            source.close();
        }
    }

    @Test
    void aRemoteSourceThatCannotBeReadReportsDownWithTheCause() throws Exception {
        try (LoopbackServer idp = new LoopbackServer()) {
            KeySource source = KeySources.jwks(idp.url("/missing"));
            assertThrows(KeySourceException.class, source::all);
            assertFalse(source.health().up());
            assertTrue(source.health().state().cause().startsWith("the JWK Set could not be fetched"),
                    source.health().state().cause());
            source.close();
        }
    }

    @Test
    void aFileSourceIsAlwaysUp() throws Exception {
        KeySource source = new KeySource("jwks test", new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(
                TestTokens.publicSet(TestTokens.rsaKey())), false, null);
        assertTrue(source.health().up());
    }

    /** A JWK source that records being closed, as nimbus' remote sources release their executors on close. */
    static final class ClosingSource implements com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext>,
            java.io.Closeable {
        final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public List<com.nimbusds.jose.jwk.JWK> get(JWKSelector selector, com.nimbusds.jose.proc.SecurityContext context) {
            return List.of();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void closingAValidatorClosesItsKeySources() throws Exception {
        ClosingSource jwks = new ClosingSource();
        KeySource source = new KeySource("jwks closing", jwks, false, null);
        // No rules needed: closing is about the key sources.
        io.claimmap.engine.Validator validator = new io.claimmap.engine.Validator(new io.claimmap.engine.ValidatorConfig(
                List.of(source), List.of(), List.of(), java.time.Duration.ofSeconds(60), null, null, false));
        validator.close();
        assertEquals(1, jwks.closed.get());
    }

    @Test
    @Timeout(30)
    void whileOneCallerFetchesTheDiscoveryDocumentOthersAnswerAtOnce() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try (LoopbackServer idp = new LoopbackServer()) {
            String document = "{\"issuer\":\"https://idp.example\",\"jwks_uri\":\"" + idp.url("/keys") + "\"}";
            idp.serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString());
            idp.handle("/.well-known/openid-configuration", exchange -> {
                arrived.countDown();
                release.await(20, TimeUnit.SECONDS); // the IdP is slow: the first caller's fetch is held here
                byte[] body = document.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            KeySourceHealth health = KeySourceHealth.remote("discovery test");
            DiscoverySource source = new DiscoverySource(new URL(idp.url("/.well-known/openid-configuration")),
                    url -> KeySources.remote(url, health), health, System::currentTimeMillis);
            Future<String> fetching = first.submit(source::issuer);
            assertTrue(arrived.await(20, TimeUnit.SECONDS));
            // Another caller does not queue behind the fetch in flight: it answers at once with the last problem.
            KeySourceException meanwhile = assertThrows(KeySourceException.class,
                    () -> source.get(new JWKSelector(new JWKMatcher.Builder().build()), null));
            assertEquals("the discovery document is being fetched", meanwhile.getMessage());
            assertNull(source.issuer());
            release.countDown();
            assertEquals("https://idp.example", fetching.get(20, TimeUnit.SECONDS));
            assertFalse(source.get(new JWKSelector(new JWKMatcher.Builder().build()), null).isEmpty());
            assertTrue(health.up());
            source.close();
        } finally {
            release.countDown();
            first.shutdownNow();
        }
    }
}
