package io.claimmap.examples;

import io.claimmap.engine.testing.TestCertificates;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Makes the example keys, certificates, tokens and SAML messages under {@code examples/}. Keys and certificates are
 * generated once and then reused (they are committed, marked as examples); RS256 and RSA-SHA256 signatures are
 * deterministic, so re-running reproduces the same files.
 * Run: {@code ./mvnw -q -pl examples -am install -DskipTests && ./mvnw -q -pl examples exec:java}.
 */
public final class ExampleGenerator {
    /** Every example is valid at this instant; run them with {@code --now 2026-11-21T12:00:00Z}. */
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final Path root;

    private ExampleGenerator(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        // Base64 in SignatureValue and X509Certificate on one line, not wrapped with &#13; entities.
        System.setProperty("com.sun.org.apache.xml.internal.security.ignoreLineBreaks", "true");
        new ExampleGenerator(Path.of(args.length > 0 ? args[0] : "examples")).generateAll();
    }

    private void generateAll() throws Exception {
        salesforce();
        oktaRotation();
        agentQm();
        customRules();
        samlOkta();
        new PopulationExamples(this).generate();
    }

    /**
     * Agent SSO through Okta's Genesys Cloud SAML app: a signed Response (Okta signs the Response and the Assertion),
     * the same after Okta rotated its signing certificate, and one that releases no department.
     */
    private void samlOkta() throws Exception {
        SamlExamples.Credential before = samlCredential("okta-saml-2025", Instant.parse("2025-11-01T00:00:00Z"),
                Instant.parse("2028-11-01T00:00:00Z"));
        SamlExamples.Credential after = samlCredential("okta-saml-2026", Instant.parse("2026-11-16T00:00:00Z"),
                Instant.parse("2031-11-16T00:00:00Z"));
        write("saml-okta/okta-saml-2025.cert.pem", SamlExamples.pem(before.certificate()).strip());
        write("saml-okta/metadata.xml", SamlExamples.metadata(before.certificate()).strip());
        write("saml-okta/metadata-after-rotation.xml", SamlExamples.metadata(before.certificate(), after.certificate()).strip());
        SamlExamples.Agent grace = new SamlExamples.Agent("grace.hopper@example.com", List.of(
                Map.entry("firstName", "Grace"), Map.entry("lastName", "Hopper"), Map.entry("email", "grace.hopper@example.com"),
                Map.entry("department", "Billing"), Map.entry("OrganizationName", "acme")));
        write("saml-okta/response.xml", SamlExamples.signedResponse(grace, "id4172934281", NOW, before));
        write("saml-okta/response-after-rotation.xml", SamlExamples.signedResponse(grace, "id4172934282", NOW, after));
        SamlExamples.Agent linus = new SamlExamples.Agent("linus.torvalds@example.com", List.of(
                Map.entry("displayName", "Linus Torvalds"), Map.entry("email", "linus.torvalds@example.com"),
                Map.entry("OrganizationName", "acme")));
        write("saml-okta/response-without-department.xml", SamlExamples.signedResponse(linus, "id4172934283", NOW, before));
    }

    /** An example IdP's SAML signing key and self-signed certificate, made on first use and kept under keys/. */
    SamlExamples.Credential samlCredential(String name, Instant notBefore, Instant notAfter) throws Exception {
        RSAKey key = key(name, name);
        Path file = root.resolve("keys").resolve(name + ".cert.pem");
        if (Files.exists(file)) {
            return new SamlExamples.Credential(key.toKeyPair(), SamlExamples.parsePem(Files.readString(file)));
        }
        SamlExamples.Credential made = new SamlExamples.Credential(key.toKeyPair(),
                TestCertificates.selfSigned(key.toKeyPair(), SamlExamples.OKTA_SUBJECT, notBefore, notAfter));
        write("keys/" + name + ".cert.pem", SamlExamples.pem(made.certificate()).strip());
        return made;
    }

    /** Salesforce as OIDC provider: sub is an identity URL; the contact is keyed by the 18-character user id. */
    private void salesforce() throws Exception {
        RSAKey key = key("salesforce-sf-242", "sf-242");
        writeJwks("salesforce/jwks.json", key);
        write("salesforce/token.jwt", sign(key, claims("https://login.salesforce.com",
                "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD", "3MVG9-genesys-messenger")
                .claim("email", "ada.lovelace@example.com")
                .claim("name", "Ada Lovelace")
                .claim("preferred_username", "ada.lovelace@example.com")
                .build()));
    }

    /** Okta rotated its signing key: the token is signed with the new key; the old key set lacks it. */
    private void oktaRotation() throws Exception {
        RSAKey old = key("okta-2026-05", "okta-2026-05");
        RSAKey current = key("okta-2026-11", "okta-2026-11");
        writeJwks("okta-rotation/jwks-before-rotation.json", old);
        writeJwks("okta-rotation/jwks-after-rotation.json", old, current);
        write("okta-rotation/token.jwt", sign(current, claims("https://acme.okta.com/oauth2/default",
                "00u1a2b3c4d5e6f7g8h9", "0oa-genesys-messenger")
                .claim("email", "grace@example.com")
                .build()));
    }

    /** An agent signs in through Okta; the IdP releases the name but no department. */
    private void agentQm() throws Exception {
        RSAKey key = key("okta-2026-11", "okta-2026-11");
        writeJwks("agent-qm/jwks.json", key);
        write("agent-qm/token.jwt", sign(key, claims("https://acme.okta.com/oauth2/default",
                "00uagent7h8i9j0k1l2m", "0oa-genesys-agents")
                .claim("name", "Grace Hopper")
                .claim("email", "grace.hopper@example.com")
                .build()));
        write("agent-qm/token-with-department.jwt", sign(key, claims("https://acme.okta.com/oauth2/default",
                "00uagent7h8i9j0k1l2m", "0oa-genesys-agents")
                .claim("given_name", "Grace")
                .claim("family_name", "Hopper")
                .claim("department", "Billing")
                .build()));
    }

    /** Auth0 with a namespaced customer-id claim that a custom rule maps to the externalId. */
    private void customRules() throws Exception {
        RSAKey key = key("auth0-acme", "auth0-acme-1");
        writeJwks("custom-rules/jwks.json", key);
        write("custom-rules/token.jwt", sign(key, claims("https://acme.eu.auth0.com/", "auth0|65f0c0ffee1234567890abcd",
                "AcmeMessengerClientId")
                .claim("https://acme.example/customer_id", "C-10442")
                .claim("email", "linus@example.com")
                .claim("email_verified", false)
                .build()));
    }

    static JWTClaimsSet.Builder claims(String issuer, String subject, String audience) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(NOW.minusSeconds(300)))
                .expirationTime(Date.from(NOW.plusSeconds(3300)));
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The private key of an example IdP, made on first use and kept under keys/ (example keys, never real ones). */
    RSAKey key(String name, String kid) throws IOException, JOSEException, ParseException {
        Path file = root.resolve("keys").resolve(name + ".private.jwk.json");
        if (Files.exists(file)) {
            return RSAKey.parse(Files.readString(file));
        }
        RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
        Files.createDirectories(file.getParent());
        Files.writeString(file, key.toJSONString() + "\n");
        return key;
    }

    void writeJwks(String path, RSAKey... keys) throws IOException {
        // As IdPs publish them: public parts only, marked for signatures with RS256.
        List<JWK> publicKeys = java.util.Arrays.stream(keys).map(k -> (JWK) new RSAKey.Builder(k.toPublicJWK())
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build()).toList();
        write(path, new JWKSet(publicKeys).toString(true));
    }

    void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content + "\n");
        System.out.println("wrote " + file);
    }
}
