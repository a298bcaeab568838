package io.claimmap.engine.doctor;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.testing.LoopbackServer;
import io.claimmap.engine.testing.TestKeys;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OIDC doctor against real loopback discovery servers, one deficiency at a time. */
class OidcDoctorTest {
    private static String document(LoopbackServer server, String extra) {
        return "{\"issuer\":\"" + server.url("") + "\",\"jwks_uri\":\"" + server.url("/keys") + "\","
                + "\"response_types_supported\":[\"code\",\"id_token\"],"
                + "\"scopes_supported\":[\"openid\",\"email\",\"profile\",\"offline_access\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"]" + extra + "}";
    }

    private static List<String> codes(DoctorReport report) {
        return report.findings().stream().map(Finding::code).toList();
    }

    private static LoopbackServer provider(java.util.function.Function<LoopbackServer, String> document) {
        LoopbackServer server = new LoopbackServer();
        server.serve("/.well-known/openid-configuration", () -> document.apply(server));
        server.serve("/keys", TestTokens.publicSet(TestTokens.rsaKey()).toString());
        return server;
    }

    @Test
    void aGoodProviderPassesEveryCheck() {
        try (LoopbackServer server = provider(s -> document(s, ""))) {
            DoctorReport report = OidcDoctor.check(server.url(""), "client", "https://www.acme.example/support");
            assertEquals(Verdict.PASS, report.verdict(), report.findings().toString());
            assertEquals(List.of("discovery over https", "discovery document", "issuer", "signing keys",
                    "authorization code flow", "scopes", "ID token signing algorithms", "PKCE S256", "client id",
                    "redirect URI"), report.checks().stream().map(Check::name).toList());
        }
    }

    @Test
    void eachDeficiencyIsItsOwnFinding() {
        try (LoopbackServer server = provider(s -> "{\"issuer\":\"" + s.url("") + "/\",\"jwks_uri\":\"" + s.url("/keys")
                + "\",\"response_types_supported\":[\"id_token\"],\"scopes_supported\":[\"openid\"],"
                + "\"id_token_signing_alg_values_supported\":[\"HS256\",\"none\"]}")) {
            DoctorReport report = OidcDoctor.check(server.url(""), null, "https://www.acme.example/#chat");
            assertEquals(List.of("ISSUER_MISMATCH", "CODE_FLOW_NOT_OFFERED", "SCOPES_NOT_OFFERED", "ALG_NOT_ALLOWED",
                    "PKCE_S256_NOT_OFFERED", "REDIRECT_URI_INVALID"), codes(report));
            assertEquals(Verdict.FAIL, report.verdict());
        }
    }

    @Test
    void aTokenGivenAsTheRedirectUriIsNotQuoted() {
        try (LoopbackServer server = provider(s -> document(s, ""))) {
            DoctorReport report = OidcDoctor.check(server.url(""), null, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJncmFjZSJ9.c2ln");
            assertEquals(List.of("REDIRECT_URI_INVALID"), codes(report));
            String message = report.findings().get(0).message();
            assertTrue(message.contains("not an absolute URL") && !message.contains("eyJzdWIiOiJncmFjZSJ9"), message);
        }
    }

    @Test
    void aWeakSigningKeyIsReportedAndNotCountedAsUsable() throws Exception {
        com.nimbusds.jose.jwk.RSAKey weak = TestKeys.rsa1024("legacy");
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/.well-known/openid-configuration", () -> document(server, ""));
            server.serve("/keys", TestTokens.publicSet(weak).toString());
            assertEquals(List.of("KEY_TOO_WEAK", "SIGNING_KEYS_MISSING"), codes(OidcDoctor.check(server.url(""), null, null)));
        }
    }

    @Test
    void anUnreachableProviderOrKeySet() {
        String url;
        try (LoopbackServer server = new LoopbackServer()) {
            url = server.url("");
        }
        assertEquals(List.of("DISCOVERY_UNAVAILABLE"), codes(OidcDoctor.check(url, null, null)));
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/.well-known/openid-configuration", () -> document(server, "").replace("/keys", "/gone"));
            assertEquals(List.of("KEYS_UNAVAILABLE"), codes(OidcDoctor.check(server.url(""), null, null)));
        }
    }

    @Test
    void plainHttpIsRefusedForNonLoopbackHosts() {
        DoctorReport report = OidcDoctor.check("http://idp.example.com", null, null);
        assertEquals(List.of("DISCOVERY_UNAVAILABLE"), codes(report));
        assertTrue(report.findings().get(0).message().contains("plain http"), report.findings().get(0).message());
    }

    @Test
    void aKeySetWithoutSigningKeys() {
        try (LoopbackServer server = provider(s -> document(s, ""))) {
            server.serve("/keys", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}");
            assertEquals(List.of("SIGNING_KEYS_MISSING"), codes(OidcDoctor.check(server.url(""), null, null)));
        }
    }

    @Test
    void anIssuerEndingInASlashAsAuth0WritesItIsTheUrlItCameFrom() {
        // OIDC Discovery §4.1: "https://acme.eu.auth0.com/" is served at https://acme.eu.auth0.com/.well-known/...
        try (LoopbackServer server = provider(s -> document(s, "").replace("\"issuer\":\"" + s.url("") + "\"",
                "\"issuer\":\"" + s.url("/") + "\""))) {
            for (String given : List.of(server.url("/"), server.url("/.well-known/openid-configuration"))) {
                DoctorReport report = OidcDoctor.check(given, null, null);
                assertEquals(Verdict.PASS, report.verdict(), given + ": " + report.findings());
            }
        }
        try (LoopbackServer server = provider(s -> document(s, ""))) {
            assertEquals(Verdict.PASS, OidcDoctor.check(server.url("/"), null, null).verdict(), "a slash typed by habit");
        }
    }
}
