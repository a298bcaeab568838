package io.claimmap.genesys;

import io.claimmap.engine.genesys.ContactLookup;
import io.claimmap.engine.genesys.GenesysConfigException;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.genesys.GenesysOrgs;
import io.claimmap.engine.genesys.GenesysSettings;
import io.claimmap.engine.genesys.LookupStatus;
import io.claimmap.engine.genesys.ProviderCertificates;
import io.claimmap.engine.genesys.UserLookup;
import io.claimmap.engine.testing.TestCertificates;
import io.claimmap.genesys.testing.FakeGenesys;
import io.claimmap.genesys.testing.FakeGenesys.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SDK-backed org against a fake Genesys Cloud API on loopback: every look-up and every fault. */
class SdkGenesysOrgTest {
    static final String ID = "b1e3c0de-client";
    static final String SECRET = "s3cr3t-Do-Not-Print";
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    final FakeGenesys genesys = new FakeGenesys(ID, SECRET);
    final List<String> reasons = new ArrayList<>();

    @AfterEach
    void close() {
        genesys.close();
        for (String reason : reasons) {
            assertFalse(reason.contains(SECRET), reason);
            assertFalse(reason.contains(Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes())), reason);
        }
    }

    /** Short timeouts and no waiting for Retry-After: tests never sleep on a real bound. */
    GenesysSettings settings(String secret) {
        return settings(secret, Duration.ofSeconds(5));
    }

    GenesysSettings settings(String secret, Duration readTimeout) {
        return GenesysSettings.of(genesys.url(), ID, secret)
                .withTimeouts(Duration.ofSeconds(2), readTimeout)
                .withRetries(Duration.ZERO, 2);
    }

    GenesysOrg org() {
        return org(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    GenesysOrg org(Clock clock) {
        try {
            return new SdkGenesysOrg(settings(SECRET), GenesysTarget.parse(genesys.url()), clock);
        } catch (GenesysConfigException e) {
            throw new AssertionError(e);
        }
    }

    String unavailable(String reason) {
        reasons.add(reason);
        return reason;
    }

    @Test
    void contactFoundByIdentifierLookupOfTypeExternalId() {
        genesys.contact("https://login.salesforce.com/id/00D/005", "c-1", "Ada", "Lovelace");
        try (GenesysOrg org = org()) {
            assertEquals(ContactLookup.found("c-1", "Ada Lovelace"), org.findContact("https://login.salesforce.com/id/00D/005"));
        }
        assertEquals(List.of("POST /oauth/token", "POST " + FakeGenesys.NEW_LOOKUP), genesys.requests());
    }

    @Test
    void contactNotFoundAsksTheOlderEndpointToo() {
        try (GenesysOrg org = org()) {
            assertEquals(ContactLookup.notFound(), org.findContact("nobody"));
        }
        assertEquals(List.of("POST /oauth/token", "POST " + FakeGenesys.NEW_LOOKUP, "POST " + FakeGenesys.OLD_LOOKUP),
                genesys.requests());
    }

    @Test
    void anOrgWithoutTheNewEndpointIsAskedAtTheOlderOne() {
        genesys.withoutNewLookupEndpoint().contact("005xx", "c-2", "Grace", null);
        try (GenesysOrg org = org()) {
            assertEquals(ContactLookup.found("c-2", "Grace"), org.findContact("005xx"));
        }
    }

    @Test
    void userFoundByEmailWithTheProfileQmReads() {
        genesys.user("ada@acme.example", "u-1", "Ada Lovelace", "Support");
        try (GenesysOrg org = org()) {
            assertEquals(UserLookup.found("u-1", "Ada Lovelace", "Support", "ada@acme.example"), org.findUser("ada@acme.example"));
            assertEquals(UserLookup.notFound(), org.findUser("nobody@acme.example"));
            genesys.user("bob@acme.example", "u-2", "Bob", null);
            assertNull(org.findUser("bob@acme.example").department());
        }
        assertEquals(1, genesys.tokenRequests(), "one token for every look-up");
    }

    @Test
    void providerCertificatesFromCertificateAndCertificatesAsPemOrBase64Der() throws Exception {
        X509Certificate old = TestCertificates.rsa("okta-2025", NOW.minusSeconds(86_400 * 300), NOW.plusSeconds(86_400 * 60)).certificate();
        X509Certificate next = TestCertificates.rsa("okta-2026", NOW, NOW.plusSeconds(86_400 * 400)).certificate();
        String der = Base64.getEncoder().encodeToString(old.getEncoded());
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(next.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        genesys.provider("generic", "Other app", "https://other.example/saml", List.of(der))
                .provider("okta", "Okta SSO", "http://www.okta.com/exk1", List.of(der, pem, "not a certificate"));
        try (GenesysOrg org = org()) {
            ProviderCertificates held = org.identityProviderCertificates("http://www.okta.com/exk1");
            assertEquals(LookupStatus.FOUND, held.status());
            assertEquals("okta \"Okta SSO\"", held.provider());
            assertEquals(List.of(old, next), held.certificates());
            assertEquals(List.of("certificate 3 held for okta \"Okta SSO\" is neither PEM nor base64 DER X.509"), held.unreadable());

            ProviderCertificates missing = org.identityProviderCertificates("http://www.okta.com/exk1/");
            assertEquals(LookupStatus.NOT_FOUND, missing.status());
            assertEquals(List.of("okta: http://www.okta.com/exk1", "generic: https://other.example/saml"), missing.otherProviders());
        }
    }

    @Test
    void refusedClientCredentialsAreUnavailableAndNameTheVariablesNotTheSecret() {
        try (GenesysOrg org = new SdkGenesysOrg(settings("wrong-" + SECRET), GenesysTarget.parse(genesys.url()),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            ContactLookup lookup = org.findContact("x");
            assertEquals(LookupStatus.UNAVAILABLE, lookup.status());
            String reason = unavailable(lookup.unavailableReason());
            assertTrue(reason.startsWith("OAuth login at " + genesys.url() + ": the OAuth client was refused (401"), reason);
            assertTrue(reason.contains("GENESYSCLOUD_OAUTHCLIENT_ID"), reason);
            assertFalse(org.toString().contains(SECRET));
        } catch (GenesysConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** A 403 at the token endpoint refuses the client itself: no permission is named, least of all "null". */
    @Test
    void aClientTheTokenEndpointForbidsIsRefusedNotAMissingPermission() {
        genesys.fault("/oauth/token", Fault.status(403, "forbidden", "client disabled"));
        try (GenesysOrg org = org()) {
            String reason = unavailable(org.findContact("x").unavailableReason());
            assertTrue(reason.startsWith("OAuth login at " + genesys.url() + ": the OAuth client was refused (403: client "
                    + "disabled): check GENESYSCLOUD_OAUTHCLIENT_ID"), reason);
            assertFalse(reason.contains("null"), reason);
        }
    }

    /** A server (or proxy) that echoes the Authorization header it was sent: the Basic credentials are the secret. */
    @Test
    void anEchoedBasicAuthorizationIsNeverShown() {
        String basic = Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        genesys.fault("/oauth/token", Fault.status(400, "bad.request", "bad Authorization: Basic " + basic));
        try (GenesysOrg org = org()) {
            String reason = unavailable(org.findContact("x").unavailableReason());
            assertFalse(reason.contains(basic), reason);
            assertTrue(reason.contains("Basic ***"), reason);
        }
    }

    @Test
    void forbiddenNamesTheMissingPermissionOfEachLookup() {
        String missing = "You are missing the following permission(s) in the provided division(s).";
        genesys.fault(FakeGenesys.NEW_LOOKUP, Fault.status(403, "missing.permissions", missing))
                .fault(FakeGenesys.USERS_SEARCH, Fault.status(403, "missing.permissions", missing))
                .fault(FakeGenesys.PROVIDERS, Fault.status(403, "missing.permissions", missing));
        try (GenesysOrg org = org()) {
            assertEquals("External Contact look-up: permission missing: externalContacts:contact:view (403: " + missing
                            + "); give the OAuth client a role with externalContacts:contact:view",
                    unavailable(org.findContact("x").unavailableReason()));
            assertTrue(unavailable(org.findUser("x").unavailableReason()).contains("permission missing: directory:user:view (403"));
            assertTrue(unavailable(org.identityProviderCertificates("x").unavailableReason())
                    .startsWith("identity provider okta: permission missing: sso:provider:view (403"));
        }
    }

    @Test
    void rateLimitedThenAnsweredAfterRetryAfterCutToTheBound() {
        genesys.user("ada@acme.example", "u-1", "Ada", "Support")
                .fault(FakeGenesys.USERS_SEARCH, Fault.rateLimited("30"), Fault.rateLimited("Wed, 21 Oct 2099 07:28:00 GMT"));
        try (GenesysOrg org = org()) {
            assertEquals(LookupStatus.FOUND, org.findUser("ada@acme.example").status());
        }
        assertEquals(3, genesys.requests().stream().filter(r -> r.endsWith(FakeGenesys.USERS_SEARCH)).count());
    }

    @Test
    void rateLimitedBeyondTheRetriesIsUnavailableWithTheRetryAfter() {
        genesys.fault(FakeGenesys.USERS_SEARCH, Fault.rateLimited("30"), Fault.rateLimited("30"), Fault.rateLimited("30"));
        try (GenesysOrg org = org()) {
            assertEquals("user search: rate limited by Genesys Cloud (429, Retry-After 30) after 2 retries waiting at most 0 s each",
                    unavailable(org.findUser("ada@acme.example").unavailableReason()));
        }
    }

    @Test
    void serverErrorsAreRetriedThenUnavailable() {
        Fault unavailable = Fault.status(503, "service.unavailable", "Service Unavailable");
        genesys.fault(FakeGenesys.NEW_LOOKUP, unavailable, unavailable, unavailable);
        try (GenesysOrg org = org()) {
            assertEquals("External Contact look-up: Genesys Cloud answered 503: Service Unavailable after 2 retries",
                    unavailable(org.findContact("x").unavailableReason()));
        }
        genesys.fault(FakeGenesys.USERS_SEARCH, Fault.status(500, "internal.server.error", "boom"));
        try (GenesysOrg org = org()) {
            assertEquals("user search: Genesys Cloud answered 500: boom", unavailable(org.findUser("x").unavailableReason()));
        }
    }

    @Test
    void aSlowAnswerIsCutByTheReadTimeout() {
        try (GenesysOrg org = new SdkGenesysOrg(settings(SECRET, Duration.ofMillis(300)), GenesysTarget.parse(genesys.url()),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertEquals(LookupStatus.NOT_FOUND, org.findUser("warm-up").status()); // logs in and loads the classes
            genesys.fault(FakeGenesys.USERS_SEARCH, Fault.hanging());
            String reason = unavailable(org.findUser("x").unavailableReason());
            assertEquals("user search: no answer from " + genesys.url().substring(7) + " within 300 ms (read timeout)", reason);
        } catch (GenesysConfigException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnreachableOrgIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        try (GenesysOrg org = new SdkGenesysOrg(GenesysSettings.of(url, ID, SECRET), GenesysTarget.parse(url),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            String reason = unavailable(org.findContact("x").unavailableReason());
            assertTrue(reason.startsWith("OAuth login: 127.0.0.1:" + port + " is unreachable"), reason);
        }
    }

    @Test
    void theTokenIsRenewedBeforeItExpiresAndWhenRefused() {
        genesys.tokenLifetime(600).contact("a", "c-1", "A", null);
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        try (GenesysOrg org = org(clock)) {
            org.findContact("a");
            now[0] = NOW.plusSeconds(539);
            org.findContact("a");
            assertEquals(1, genesys.tokenRequests());
            now[0] = NOW.plusSeconds(540); // one minute before expiry
            org.findContact("a");
            assertEquals(2, genesys.tokenRequests());
            genesys.revokeTokens();
            assertEquals(LookupStatus.FOUND, org.findContact("a").status());
            assertEquals(3, genesys.tokenRequests());
        }
    }

    @Test
    void regionsMapToTheSdksHosts() throws Exception {
        GenesysTarget ireland = new GenesysTarget("https://api.mypurecloud.ie", "https://login.mypurecloud.ie");
        assertEquals(ireland, GenesysTarget.parse("mypurecloud.ie"));
        assertEquals(ireland, GenesysTarget.parse("eu-west-1"));
        assertEquals(ireland, GenesysTarget.parse("eu_west_1"));
        assertEquals(new GenesysTarget("https://api.euw2.pure.cloud", "https://login.euw2.pure.cloud"), GenesysTarget.parse("euw2.pure.cloud"));
        assertEquals(new GenesysTarget("https://genesys.test:8443", "https://genesys.test:8443"), GenesysTarget.parse("https://genesys.test:8443/"));
        assertEquals(new GenesysTarget("http://localhost:8080", "http://localhost:8080"), GenesysTarget.parse("http://localhost:8080"));
        assertTrue(assertThrows(GenesysConfigException.class, () -> GenesysTarget.parse("mypurecloud.xx")).getMessage()
                .startsWith("--genesys: unknown region \"mypurecloud.xx\"; use one of mypurecloud.com, mypurecloud.ie,"));
        assertEquals("--genesys: \"http://genesys.test\" must be https (http only on a loopback address)",
                assertThrows(GenesysConfigException.class, () -> GenesysTarget.parse("http://genesys.test")).getMessage());
        assertThrows(GenesysConfigException.class, () -> GenesysTarget.parse("https://genesys.test/api/v2"));
    }

    /** Never a secret on the command line, and never one echoed back when someone puts it in the URL anyway. */
    @Test
    void credentialsInABaseUrlAreRefusedWithoutBeingEchoed() {
        for (String url : List.of("https://" + ID + ":" + SECRET + "@genesys.test", "http://" + ID + ":" + SECRET + "@genesys.test",
                "https://" + ID + ":" + SECRET + "@genesys.test/ x")) {
            String message = assertThrows(GenesysConfigException.class, () -> GenesysTarget.parse(url)).getMessage();
            assertFalse(message.contains(SECRET), message);
            assertTrue(message.contains("://***@genesys.test"), message);
        }
    }

    @Test
    void theEngineFindsThisImplementationAsAService() throws Exception {
        genesys.contact("a", "c-1", "A", null);
        GenesysSettings settings = GenesysOrgs.settings(genesys.url(), Map.of(GenesysOrgs.CLIENT_ID, ID, GenesysOrgs.CLIENT_SECRET, SECRET));
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        try (GenesysOrg org = GenesysOrgs.open(settings)) {
            assertInstanceOf(SdkGenesysOrg.class, org);
            assertEquals(genesys.url(), org.describe());
            assertEquals(LookupStatus.FOUND, org.findContact("a").status());
        }
        assertTrue(assertThrows(GenesysConfigException.class, () -> GenesysOrgs.open(GenesysSettings.of("nowhere", ID, SECRET)))
                .getMessage().startsWith("--genesys: unknown region \"nowhere\"; use one of "));
    }
}
