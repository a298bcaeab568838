package io.claimmap.engine.doctor;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeySourceReader;
import io.claimmap.engine.keys.KeyStrength;
import io.claimmap.engine.keys.KeyMaterial;
import io.claimmap.engine.keys.RemoteUrls;
import io.claimmap.engine.jwt.AllowedAlgorithms;
import io.claimmap.engine.result.Finding;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.claimmap.engine.result.FindingCode.ALG_NOT_ALLOWED;
import static io.claimmap.engine.result.FindingCode.CODE_FLOW_NOT_OFFERED;
import static io.claimmap.engine.result.FindingCode.DISCOVERY_UNAVAILABLE;
import static io.claimmap.engine.result.FindingCode.ISSUER_MISMATCH;
import static io.claimmap.engine.result.FindingCode.KEYS_UNAVAILABLE;
import static io.claimmap.engine.result.FindingCode.KEY_UNUSABLE;
import static io.claimmap.engine.result.FindingCode.PKCE_S256_NOT_OFFERED;
import static io.claimmap.engine.result.FindingCode.REDIRECT_URI_INVALID;
import static io.claimmap.engine.result.FindingCode.SCOPES_NOT_OFFERED;
import static io.claimmap.engine.result.FindingCode.SIGNING_KEYS_MISSING;

/**
 * Checks an OpenID provider for the Genesys Cloud "OpenID Connect Messenger Configuration" before it is used:
 * discovery over https, a matching issuer, usable signing keys, the code flow, the scopes, the signing algorithms
 * and PKCE.
 */
public final class OidcDoctor {
    static final String RULE = "doctor: oidc";
    private static final String WELL_KNOWN = "/.well-known/openid-configuration";

    private OidcDoctor() {
    }

    public static DoctorReport check(String discovery, String clientId, String redirectUri) {
        DoctorReport.Builder report = new DoctorReport.Builder();
        String documentUrl = discovery.endsWith(WELL_KNOWN) ? discovery : discovery.replaceAll("/+$", "") + WELL_KNOWN;
        // OIDC Discovery §4.1: an issuer's terminating "/" is dropped before /.well-known/openid-configuration is
        // appended, so Auth0's "https://acme.eu.auth0.com/" is served at the same URL as an issuer without it. Given
        // the document's URL, either is the URL it came from; given an issuer ending in "/", it or the URL without it.
        String prefix = documentUrl.substring(0, documentUrl.length() - WELL_KNOWN.length());
        List<String> expectedIssuers = discovery.endsWith(WELL_KNOWN) || discovery.endsWith("/")
                ? List.of(prefix, prefix + "/") : List.of(discovery);
        String expectedIssuer = discovery.endsWith("/") ? prefix + "/" : prefix;
        URL url;
        try {
            url = KeySourceReader.url(documentUrl, "the discovery URL");
        } catch (KeyConfigException e) {
            return report.problem("discovery over https", DISCOVERY_UNAVAILABLE.finding(e.getMessage(),
                    "Use the provider's https issuer URL.", RULE)).build();
        }
        report.pass("discovery over https", documentUrl);
        Map<String, Object> document;
        try {
            document = StrictJson.parseObject(KeySourceReader.fetch(url), "the discovery document");
        } catch (IOException | MalformedInputException e) {
            String reason = e instanceof MalformedInputException ? e.getMessage() : "could not be fetched: " + e.getMessage();
            return report.problem("discovery document", DISCOVERY_UNAVAILABLE.finding(documentUrl + ": " + reason,
                    "Check the issuer URL (it is the URL without /.well-known/openid-configuration) and that it is "
                            + "reachable from here.", RULE)).build();
        }
        report.pass("discovery document", "reachable and well-formed");

        Object issuer = document.get("issuer");
        if (expectedIssuers.contains(issuer)) {
            report.pass("issuer", "\"" + issuer + "\" equals the discovery URL");
        } else {
            report.problem("issuer", ISSUER_MISMATCH.finding("the document's issuer is " + quote(issuer)
                            + " but it was fetched from \"" + expectedIssuer + "\"; ID tokens' iss will not match what "
                            + "Genesys Cloud is configured with",
                    "Configure Genesys Cloud with the issuer exactly as the document states it (trailing slash included).", RULE));
        }
        checkKeys(document, report);
        checkList(document, "response_types_supported", "code", report, "authorization code flow",
                CODE_FLOW_NOT_OFFERED.finding("response_types_supported does not offer \"code\"; Genesys Cloud "
                        + "Messenger uses the authorization code flow", "Enable the authorization code flow for the client at the IdP.", RULE));
        checkScopes(document, report);
        checkAlgorithms(document, report);
        checkList(document, "code_challenge_methods_supported", "S256", report, "PKCE S256",
                PKCE_S256_NOT_OFFERED.finding("the provider does not list PKCE S256 in code_challenge_methods_supported",
                        "Enable PKCE with S256 at the IdP: it protects the authorization code in the browser.", RULE));
        if (clientId != null) {
            report.pass("client id", "\"" + clientId + "\": ID tokens must carry it in aud (validate with --audience " + clientId + ")");
        }
        if (redirectUri != null) {
            checkRedirectUri(redirectUri, report);
        }
        return report.build();
    }

    private static void checkKeys(Map<String, Object> document, DoctorReport.Builder report) {
        if (!(document.get("jwks_uri") instanceof String jwksUri)) {
            report.problem("signing keys", SIGNING_KEYS_MISSING.finding("the discovery document has no jwks_uri",
                    "The provider must publish its signing keys; check the issuer URL.", RULE));
            return;
        }
        KeyMaterial.Loaded keys;
        try {
            keys = KeyMaterial.load(jwksUri);
        } catch (KeyConfigException e) {
            report.problem("signing keys", KEYS_UNAVAILABLE.finding("jwks_uri: " + e.getMessage(),
                    "The provider's jwks_uri must serve a JWK Set over https.", RULE));
            return;
        }
        if (keys.unavailable() != null) {
            report.problem("signing keys", KEYS_UNAVAILABLE.finding(jwksUri + " " + keys.unavailable(),
                    "Check that jwks_uri is reachable from here.", RULE));
            return;
        }
        keys.unusable().forEach(problem -> report.problem("signing keys", KEY_UNUSABLE.finding(jwksUri + ": " + problem,
                "Ask the provider to fix or remove the key; the others still work.", RULE)));
        List<String> signing = new ArrayList<>();
        for (JWK key : keys.keys()) {
            boolean usable = (key.getKeyType() == KeyType.RSA || key.getKeyType() == KeyType.EC)
                    && (key.getKeyUse() == null || key.getKeyUse() == KeyUse.SIGNATURE);
            String weakness = usable ? KeyStrength.weakness(key) : null;
            if (weakness != null) {
                report.problem("signing keys", KeyStrength.tooWeak((key.getKeyID() == null ? "an RSA key"
                        : "kid \"" + key.getKeyID() + "\"") + " at " + jwksUri, weakness, "is published", RULE));
            } else if (usable) {
                signing.add(key.getKeyID() == null ? key.getKeyType().getValue() : key.getKeyID());
            }
        }
        if (signing.isEmpty()) {
            report.problem("signing keys", SIGNING_KEYS_MISSING.finding(jwksUri + " holds no RSA or EC signing key",
                    "The provider must publish the keys it signs ID tokens with.", RULE));
        } else {
            report.pass("signing keys", signing.size() + " usable at " + jwksUri + ": " + String.join(", ", signing));
        }
    }

    private static void checkScopes(Map<String, Object> document, DoctorReport.Builder report) {
        Collection<?> scopes = document.get("scopes_supported") instanceof Collection<?> c ? c : null;
        List<String> missing = new ArrayList<>();
        for (String scope : List.of("openid", "email", "profile")) {
            if (scopes == null || !scopes.contains(scope)) {
                missing.add(scope);
            }
        }
        if (missing.isEmpty()) {
            report.pass("scopes", "openid email profile offered");
        } else {
            report.problem("scopes", SCOPES_NOT_OFFERED.finding(scopes == null
                            ? "the document does not list scopes_supported, so openid email profile could not be confirmed"
                            : "scopes_supported lacks " + String.join(" ", missing),
                    "Genesys Cloud Messenger requests openid email profile: allow them for the client at the IdP.", RULE));
        }
    }

    private static void checkAlgorithms(Map<String, Object> document, DoctorReport.Builder report) {
        Collection<?> offered = document.get("id_token_signing_alg_values_supported") instanceof Collection<?> c ? c : List.of();
        List<String> allowed = new ArrayList<>();
        for (Object alg : offered) {
            if (alg instanceof String name && AllowedAlgorithms.refusal(name) == null) {
                allowed.add(name);
            }
        }
        if (allowed.isEmpty()) {
            report.problem("ID token signing algorithms", ALG_NOT_ALLOWED.finding("the provider signs ID tokens with "
                            + offered + ", none of them in the allow-list (RS256/384/512, PS256/384/512, ES256/384/512)",
                    "Configure the client at the IdP to sign ID tokens with RS256.", RULE));
        } else {
            report.pass("ID token signing algorithms", String.join(", ", allowed) + " within the allow-list");
        }
    }

    private static void checkList(Map<String, Object> document, String member, String value, DoctorReport.Builder report,
                                  String name, Finding missing) {
        if (document.get(member) instanceof Collection<?> values && values.contains(value)) {
            report.pass(name, member + " includes " + value);
        } else {
            report.problem(name, missing);
        }
    }

    private static void checkRedirectUri(String redirectUri, DoctorReport.Builder report) {
        String problem = null;
        try {
            URI uri = new URI(redirectUri);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                problem = "is not an absolute URL";
            } else if (uri.getFragment() != null) {
                problem = "has a fragment, which OAuth forbids in redirect URIs";
            } else if (!"https".equals(uri.getScheme()) && !RemoteUrls.isLoopbackHost(uri.getHost())) {
                problem = "is not https";
            }
        } catch (Exception e) {
            problem = "is not a valid URL";
        }
        if (problem == null) {
            report.pass("redirect URI", redirectUri);
        } else {
            report.problem("redirect URI", REDIRECT_URI_INVALID.finding("the redirect URI "
                    // Without a scheme it is not quoted: it may be a token pasted where the URL belongs.
                    + (redirectUri.contains("://") ? "\"" + redirectUri + "\" " : "(not shown) ") + problem,
                    "Use the https URL of the page that hosts Genesys Messenger, registered exactly at the IdP.", RULE));
        }
    }

    private static String quote(Object value) {
        return value == null ? "missing" : "\"" + value + "\"";
    }
}
