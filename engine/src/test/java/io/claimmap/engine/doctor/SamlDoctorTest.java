package io.claimmap.engine.doctor;

import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.genesys.ContactLookup;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.genesys.ProviderCertificates;
import io.claimmap.engine.genesys.UserLookup;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeyMaterial;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Verdict;
import io.claimmap.engine.testing.TestCertificates;
import io.claimmap.engine.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SAML rotation readiness: published certificates against those Genesys Cloud holds. */
class SamlDoctorTest {
    private static final Instant NOW = TestTokens.NOW;

    private static X509Certificate certificate(String name, Duration left) {
        return TestCertificates.rsa(name, NOW.minus(Duration.ofDays(100)), NOW.plus(left)).certificate();
    }

    private static KeyMaterial.Loaded source(String name, X509Certificate... certificates) throws Exception {
        List<JWK> keys = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            keys.add(JWK.parse(certificate));
        }
        return new KeyMaterial.Loaded(name, keys, List.of(), null);
    }

    private static List<String> codes(DoctorReport report) {
        return report.findings().stream().map(Finding::code).toList();
    }

    @Test
    void readyWhenGenesysHoldsEveryPublishedCertificate() throws Exception {
        X509Certificate current = certificate("current", Duration.ofDays(400));
        DoctorReport report = SamlDoctor.check(source("metadata", current), List.of(source("held", current)), NOW, 30);
        assertEquals(Verdict.PASS, report.verdict(), report.findings().toString());
        assertTrue(report.checks().stream().anyMatch(c -> c.detail().equals("1 of 5 used")));
    }

    @Test
    void aPublishedCertificateGenesysDoesNotHoldIsAnErrorBeforeActivation() throws Exception {
        X509Certificate current = certificate("current", Duration.ofDays(400));
        X509Certificate next = certificate("next", Duration.ofDays(800));
        DoctorReport report = SamlDoctor.check(source("metadata", current, next), List.of(source("held", current)), NOW, 30);
        assertEquals(List.of("CERT_NOT_CONFIGURED"), codes(report));
        assertTrue(report.findings().get(0).message().contains("CN=next"), report.findings().get(0).message());
    }

    @Test
    void certificatesThatExpireSoonAreWarnings() throws Exception {
        X509Certificate ending = certificate("ending", Duration.ofDays(10));
        X509Certificate expired = TestCertificates.rsa("expired", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))).certificate();
        DoctorReport report = SamlDoctor.check(source("metadata", ending), List.of(source("held", ending, expired)), NOW, 30);
        assertEquals(List.of("CERT_EXPIRING_SOON", "CERT_EXPIRED"), codes(report));
    }

    @Test
    void fiveSlotsAreFullAndSixAreTooMany() throws Exception {
        List<X509Certificate> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            held.add(certificate("c" + i, Duration.ofDays(400)));
        }
        KeyMaterial.Loaded metadata = source("metadata", held.get(0));
        assertEquals(List.of("CERT_SLOTS_FULL"), codes(SamlDoctor.check(metadata,
                List.of(source("held", held.subList(0, 5).toArray(X509Certificate[]::new))), NOW, 30)));
        assertEquals(List.of("CERT_SLOTS_EXCEEDED"), codes(SamlDoctor.check(metadata,
                List.of(source("held", held.toArray(X509Certificate[]::new))), NOW, 30)));
    }

    @Test
    void metadataWithoutSigningCertificatesOrUnreachable() throws Exception {
        assertEquals(List.of("SIGNING_KEYS_MISSING"), codes(SamlDoctor.check(source("metadata"), List.of(), NOW, 30)));
        assertEquals(List.of("KEYS_UNAVAILABLE"), codes(SamlDoctor.check(
                new KeyMaterial.Loaded("https://idp", List.of(), List.of(), "could not be fetched"), List.of(), NOW, 30)));
    }

    /** An org that holds what the test says for one issuer. */
    private record HeldBy(String issuer, ProviderCertificates answer) implements GenesysOrg {
        @Override
        public ContactLookup findContact(String externalId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public UserLookup findUser(String emailOrUsername) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProviderCertificates identityProviderCertificates(String issuerUri) {
            return issuerUri.equals(issuer) || answer.status() != io.claimmap.engine.genesys.LookupStatus.FOUND
                    ? answer : ProviderCertificates.notFound(List.of("okta: " + issuer));
        }

        @Override
        public String describe() {
            return "https://api.mypurecloud.ie";
        }

        @Override
        public void close() {
        }
    }

    private static KeyMaterial.Loaded metadata(String entityId, X509Certificate... certificates) throws Exception {
        KeyMaterial.Loaded keys = source("metadata.xml", certificates);
        return new KeyMaterial.Loaded(keys.source(), keys.keys(), List.of(), null, entityId);
    }

    @Test
    void genesysSaysWhichPublishedCertificatesItHoldsAndTheRotationOrder() throws Exception {
        X509Certificate retired = certificate("retired", Duration.ofDays(200));
        X509Certificate current = certificate("current", Duration.ofDays(400));
        X509Certificate next = certificate("next", Duration.ofDays(800));
        DoctorReport report = SamlDoctor.check(metadata("http://www.okta.com/exk1", current, next),
                new HeldBy("http://www.okta.com/exk1", ProviderCertificates.found("okta \"Okta SSO\"", List.of(retired, current), List.of())),
                NOW, 30);
        assertEquals(List.of("CERT_NOT_CONFIGURED"), codes(report));
        assertTrue(report.checks().stream().anyMatch(c -> c.detail().equals("2 of 5 used")));
        String order = report.checks().get(report.checks().size() - 1).detail();
        assertTrue(order.matches("1\\. upload O=Test IdP,CN=next \\(SHA-256 [0-9A-F:]{23}…\\) to Genesys Cloud \\(3 of 5 slots\\); "
                + "2\\. only then activate it at the IdP; 3\\. remove O=Test IdP,CN=retired \\(SHA-256 [0-9A-F:]{23}…\\) from Genesys "
                + "Cloud: the IdP no longer publishes it"), order);
    }

    @Test
    void genesysWithoutTheProviderOrUnreachableIsNeverAGuess() throws Exception {
        X509Certificate current = certificate("current", Duration.ofDays(400));
        DoctorReport notFound = SamlDoctor.check(metadata("http://www.okta.com/exk1/", current),
                new HeldBy("http://www.okta.com/exk1", ProviderCertificates.found("okta", List.of(current), List.of())), NOW, 30);
        assertEquals(List.of("GENESYS_PROVIDER_NOT_FOUND"), codes(notFound));
        assertTrue(notFound.findings().get(0).message().endsWith("it has okta: http://www.okta.com/exk1"));
        DoctorReport unavailable = SamlDoctor.check(metadata("http://www.okta.com/exk1", current),
                new HeldBy("x", ProviderCertificates.unavailable("identity provider okta: permission missing: sso:provider:view (403)")),
                NOW, 30);
        assertEquals(List.of("GENESYS_UNAVAILABLE"), codes(unavailable));
        assertEquals(Verdict.WARN, unavailable.verdict());
    }

    @Test
    void withEveryFreeSlotTakenRetiringComesBeforeTheUpload() throws Exception {
        List<X509Certificate> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(certificate("held" + i, Duration.ofDays(400)));
        }
        X509Certificate next = certificate("next", Duration.ofDays(800));
        DoctorReport report = SamlDoctor.check(metadata("http://www.okta.com/exk1", held.get(0), next),
                new HeldBy("http://www.okta.com/exk1", ProviderCertificates.found("okta", held, List.of())), NOW, 30);
        String order = report.checks().get(report.checks().size() - 1).detail();
        assertTrue(order.startsWith("1. remove O=Test IdP,CN=held1 (SHA-256 "), order);
        assertTrue(order.contains("; 5. upload O=Test IdP,CN=next (SHA-256 "), order);
        assertTrue(order.contains(") to Genesys Cloud (2 of 5 slots); 6. only then activate it at the IdP"), order);
        assertEquals(List.of("CERT_NOT_CONFIGURED", "CERT_SLOTS_FULL"), codes(report));
    }

    @Test
    void aPublishedCertificateThatExpiresSoonIsAWarningEvenBeforeGenesysHoldsIt() throws Exception {
        X509Certificate current = certificate("current", Duration.ofDays(400));
        X509Certificate ending = certificate("ending", Duration.ofDays(10));
        DoctorReport report = SamlDoctor.check(source("metadata", current, ending), List.of(source("held", current)), NOW, 30);
        assertEquals(List.of("CERT_NOT_CONFIGURED", "CERT_EXPIRING_SOON"), codes(report));
        assertTrue(report.findings().get(1).message().contains("CN=ending"), report.findings().get(1).message());
    }

    @Test
    void aConfiguredCertificateMustBeACertificate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        TestCertificates.Credential credential = TestCertificates.rsa("current", NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(400)));
        java.nio.file.Path certificate = java.nio.file.Files.writeString(folder.resolve("cert.pem"), credential.pem());
        java.nio.file.Path publicKey = java.nio.file.Files.writeString(folder.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(credential.keys().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        assertEquals(1, SamlDoctor.loadConfigured(List.of(certificate.toString())).size());
        // Genesys Cloud holds certificates: a public key would count for nothing, and the slots would be miscounted.
        KeyConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(KeyConfigException.class,
                () -> SamlDoctor.loadConfigured(List.of(certificate.toString(), publicKey.toString())));
        assertEquals("--configured-cert " + publicKey + ": holds a public key, not a certificate; give the certificate "
                + "(-----BEGIN CERTIFICATE-----) uploaded to Genesys Cloud", refused.getMessage());
        assertEquals("--configured-cert " + folder.resolve("gone.pem") + ": no such file", org.junit.jupiter.api.Assertions
                .assertThrows(KeyConfigException.class, () -> SamlDoctor.loadConfigured(List.of(folder.resolve("gone.pem").toString())))
                .getMessage());
    }
}
