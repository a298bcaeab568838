package io.claimmap.engine.genesys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serve decorator: cache bounds and expiry, the rate and concurrency limits, on an injected clock. */
class CachedGenesysOrgTest {
    /** An org that answers from a script and counts the calls it gets. */
    static final class ScriptedOrg implements GenesysOrg {
        final List<String> calls = new ArrayList<>();
        volatile ContactLookup contact = ContactLookup.found("c-1", "Ada");
        volatile CountDownLatch block;

        @Override
        public ContactLookup findContact(String externalId) {
            synchronized (calls) {
                calls.add("contact " + externalId);
            }
            CountDownLatch latch = block;
            if (latch != null) {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return contact;
        }

        @Override
        public UserLookup findUser(String emailOrUsername) {
            calls.add("user " + emailOrUsername);
            return UserLookup.notFound();
        }

        @Override
        public ProviderCertificates identityProviderCertificates(String issuerUri) {
            calls.add("provider " + issuerUri);
            return ProviderCertificates.unavailable("permission missing: sso:provider:view");
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    final ScriptedOrg org = new ScriptedOrg();
    final long[] now = {0};

    CachedGenesysOrg cached(CachedGenesysOrg.Limits limits) {
        return new CachedGenesysOrg(org, limits, () -> now[0]);
    }

    static CachedGenesysOrg.Limits limits(int maxEntries, int ratePerMinute, int maxConcurrent) {
        return new CachedGenesysOrg.Limits(maxEntries, Duration.ofSeconds(60), Duration.ofSeconds(5), ratePerMinute,
                maxConcurrent, Duration.ofMillis(50));
    }

    @Test
    void answersAreCachedForTheirTtlAndUnavailableOnesBriefly() {
        CachedGenesysOrg cache = cached(limits(100, 1000, 4));
        cache.findContact("a");
        cache.findContact("a");
        cache.identityProviderCertificates("idp");
        cache.identityProviderCertificates("idp");
        assertEquals(List.of("contact a", "provider idp"), org.calls);
        now[0] += Duration.ofSeconds(5).toNanos();
        cache.findContact("a");
        cache.identityProviderCertificates("idp");
        assertEquals(List.of("contact a", "provider idp", "provider idp"), org.calls, "unavailable kept 5 s, found 60 s");
        now[0] += Duration.ofSeconds(55).toNanos();
        cache.findContact("a");
        assertEquals("contact a", org.calls.get(3));
        assertEquals(Map.of("contact.found", 2L, "contact.cached", 2L, "provider.unavailable", 2L, "provider.cached", 1L),
                cache.counts());
        cache.close();
        assertEquals("close", org.calls.get(4));
    }

    @Test
    void theCacheIsBoundedLeastRecentlyUsedFirst() {
        CachedGenesysOrg cache = cached(limits(2, 1000, 4));
        cache.findContact("a");
        cache.findContact("b");
        cache.findContact("a");
        cache.findContact("c");
        assertEquals(2, cache.size());
        cache.findContact("a");
        cache.findContact("b");
        assertEquals(List.of("contact a", "contact b", "contact c", "contact b"), org.calls);
    }

    @Test
    void overTheRateLimitALookupIsUnavailableAtOnceAndTokensRefill() {
        CachedGenesysOrg cache = cached(limits(100, 2, 4));
        cache.findUser("a");
        cache.findUser("b");
        UserLookup limited = cache.findUser("c");
        assertEquals(LookupStatus.UNAVAILABLE, limited.status());
        assertEquals("claimmap's own limit of 2 Genesys Cloud look-ups a minute was reached (the org allows 300 per OAuth client)",
                limited.unavailableReason());
        now[0] += Duration.ofSeconds(30).toNanos();
        assertEquals(LookupStatus.NOT_FOUND, cache.findUser("c").status());
        assertEquals(List.of("user a", "user b", "user c"), org.calls);
        assertEquals(1L, cache.counts().get("user.rate-limited"));
    }

    @Test
    void lookupsInFlightAreBounded() throws Exception {
        CachedGenesysOrg cache = cached(limits(100, 1000, 1));
        org.block = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ContactLookup> first = pool.submit(() -> cache.findContact("slow"));
            while (true) {
                synchronized (org.calls) {
                    if (!org.calls.isEmpty()) {
                        break;
                    }
                }
                Thread.onSpinWait();
            }
            ContactLookup second = cache.findContact("other");
            assertEquals(LookupStatus.UNAVAILABLE, second.status());
            assertTrue(second.unavailableReason().startsWith("more than 1 Genesys Cloud look-ups were in flight"));
            org.block.countDown();
            assertEquals(LookupStatus.FOUND, first.get().status());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void settingsComeFromTheOptionOrTheEnvironmentAndNeverShowTheSecret() throws Exception {
        Map<String, String> env = Map.of(GenesysOrgs.CLIENT_ID, "id-1", GenesysOrgs.CLIENT_SECRET, "hunter2",
                GenesysOrgs.REGION, "mypurecloud.ie");
        GenesysSettings fromEnv = GenesysOrgs.settings(null, env);
        assertEquals("mypurecloud.ie", fromEnv.target());
        assertEquals("hunter2", fromEnv.clientSecret());
        assertFalse(fromEnv.toString().contains("hunter2"), fromEnv.toString());
        assertEquals("euw2.pure.cloud", GenesysOrgs.settings("euw2.pure.cloud", env).target());
        assertEquals("--genesys needs a region or URL (or GENESYSCLOUD_REGION in the environment)",
                assertThrows(GenesysConfigException.class, () -> GenesysOrgs.settings(" ", Map.of())).getMessage());
        assertEquals("--genesys needs an OAuth client (client credentials grant) in the environment: "
                        + "GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (the secret is missing); see docs/GENESYS.md",
                assertThrows(GenesysConfigException.class,
                        () -> GenesysOrgs.settings("mypurecloud.ie", Map.of(GenesysOrgs.CLIENT_ID, "id-1"))).getMessage());
    }

    @Test
    void withoutTheImplementationOpenSaysSo() {
        GenesysConfigException e = assertThrows(GenesysConfigException.class,
                () -> GenesysOrgs.open(GenesysSettings.of("mypurecloud.ie", "id", "secret")));
        assertTrue(e.getMessage().startsWith("--genesys is not available in this build: the Genesys Cloud client was not found"),
                e.getMessage());
    }
}
