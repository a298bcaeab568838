package io.claimmap.engine.keys;

import io.claimmap.engine.result.Finding;
import io.claimmap.engine.saml.SamlChecks;
import io.claimmap.engine.saml.SamlMessage;
import io.claimmap.engine.testing.LoopbackServer;
import io.claimmap.engine.testing.TestCertificates;
import io.claimmap.engine.testing.TestCertificates.Credential;
import io.claimmap.engine.testing.TestSaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.claimmap.engine.testing.TestSaml.NOW;
import static io.claimmap.engine.testing.TestSaml.assertion;
import static io.claimmap.engine.testing.TestSaml.idp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --saml-metadata: the signing certificates of IdP metadata, from a file or a URL fetched like a JWK Set. */
class SamlMetadataTest {
    @TempDir
    Path folder;

    private static List<String> codes(String message, KeySource source) throws Exception {
        return new SamlChecks(List.of(source), List.of(), List.of(), Duration.ofSeconds(60))
                .check(SamlMessage.parse(message), NOW).findings().stream().map(Finding::code).toList();
    }

    private Path file(String name, String content) throws Exception {
        Path path = folder.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    @Test
    void aMetadataFileTrustsItsSigningCertificates() throws Exception {
        KeySource source = KeySources.samlMetadata(file("idp.xml", TestSaml.metadata(idp().certificate())).toString());
        assertTrue(source.description().startsWith("saml-metadata "));
        assertEquals(1, source.all().size());
        assertEquals(List.of(), codes(TestSaml.signedAssertion(assertion()), source));
    }

    @Test
    void metadataDuringARotationTrustsBothCertificates() throws Exception {
        Credential next = TestCertificates.rsa("next", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(900)));
        KeySource source = KeySources.samlMetadata(file("idp.xml", TestSaml.metadata(idp().certificate(),
                next.certificate())).toString());
        assertEquals(2, source.all().size());
        assertEquals(List.of(), codes(TestSaml.signedResponse(assertion(), true, false, next), source));
    }

    @Test
    void metadataWithAByteOrderMarkAsAdfsServesIt() throws Exception {
        String message = TestSaml.signedAssertion(assertion());
        String metadata = "\uFEFF" + TestSaml.metadata(idp().certificate());
        assertEquals(List.of(), codes(message, KeySources.samlMetadata(file("FederationMetadata.xml", metadata).toString())));
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/FederationMetadata/2007-06/FederationMetadata.xml", metadata);
            assertEquals(List.of(), codes(message, KeySources.samlMetadata(
                    server.url("/FederationMetadata/2007-06/FederationMetadata.xml"))));
        }
    }

    @Test
    void metadataIsFetchedFromAUrlAndCached() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/metadata", TestSaml.metadata(idp().certificate()));
            KeySource source = KeySources.samlMetadata(server.url("/metadata"));
            String message = TestSaml.signedAssertion(assertion());
            assertEquals(List.of(), codes(message, source));
            assertEquals(List.of(), codes(message, source));
            assertEquals(1, server.requests());
        }
    }

    @Test
    void unreachableOrBrokenRemoteMetadataIsKeysUnavailable() throws Exception {
        String url;
        try (LoopbackServer server = new LoopbackServer()) {
            url = server.url("/metadata");
        }
        assertEquals(List.of("KEYS_UNAVAILABLE"), codes(TestSaml.signedAssertion(assertion()), KeySources.samlMetadata(url)));
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve("/metadata", "<html>login</html>");
            assertEquals(List.of("KEYS_UNAVAILABLE"), codes(TestSaml.signedAssertion(assertion()),
                    KeySources.samlMetadata(server.url("/metadata"))));
        }
    }

    @Test
    void plainHttpIsRefusedExceptOnLoopback() {
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.samlMetadata("http://idp.example.com/metadata"))
                .getMessage().contains("https"));
    }

    @Test
    void metadataThatIsNotAnIdpsIsAConfigurationError() throws Exception {
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.samlMetadata(file("sp.xml",
                "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"sp\">"
                        + "<md:SPSSODescriptor/></md:EntityDescriptor>").toString())).getMessage()
                .contains("no IDPSSODescriptor"));
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.samlMetadata(file("enc.xml",
                TestSaml.metadata(idp().certificate()).replace("use=\"signing\"", "use=\"encryption\"")).toString()))
                .getMessage().contains("names no signing certificate"));
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.samlMetadata(file("jwks.json", "{\"keys\":[]}")
                .toString())).getMessage().contains("not well-formed XML"));
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.samlMetadata("/no/such/metadata.xml"))
                .getMessage().contains("no such file"));
    }

    @Test
    void metadataWithADoctypeIsRefused() throws Exception {
        Path secret = file("secret.txt", "SECRET");
        String xml = "<!DOCTYPE md [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>" + TestSaml.metadata(idp().certificate());
        assertTrue(assertThrows(KeyConfigException.class, () -> KeySources.samlMetadata(file("evil.xml", xml).toString()))
                .getMessage().contains("DOCTYPE"));
    }

    private static String entity(String entityId, String descriptor, java.security.cert.X509Certificate... certificates)
            throws Exception {
        StringBuilder xml = new StringBuilder("<md:EntityDescriptor entityID=\"" + entityId + "\"><md:" + descriptor
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">");
        for (java.security.cert.X509Certificate certificate : certificates) {
            xml.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"").append(TestSaml.DSIG_NS)
                    .append("\"><ds:X509Data><ds:X509Certificate>")
                    .append(java.util.Base64.getEncoder().encodeToString(certificate.getEncoded()))
                    .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
        }
        return xml.append("</md:").append(descriptor).append("></md:EntityDescriptor>").toString();
    }

    private static String entities(String... entities) {
        return "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">" + String.join("", entities)
                + "</md:EntitiesDescriptor>";
    }

    @Test
    void anEntitiesDescriptorWithOneIdpTrustsThatIdpsCertificatesOnly() throws Exception {
        Credential sp = TestCertificates.rsa("sp", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(900)));
        KeySource source = KeySources.samlMetadata(file("idp.xml", entities(entity("https://sp.example/", "SPSSODescriptor",
                sp.certificate()), entity(TestSaml.ISSUER, "IDPSSODescriptor", idp().certificate()))).toString());
        assertEquals(1, source.all().size());
        assertEquals(List.of(), codes(TestSaml.signedAssertion(assertion()), source));
        assertEquals(List.of("CERT_NOT_TRUSTED"), codes(TestSaml.signedResponse(assertion(), true, false, sp), source));
    }

    @Test
    void anEntitiesDescriptorWithSeveralIdpsIsRefused() throws Exception {
        // Otherwise the second IdP's certificate would verify a message that names the first as its Issuer.
        Credential other = TestCertificates.rsa("other-idp", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(900)));
        String metadata = entities(entity(TestSaml.ISSUER, "IDPSSODescriptor", idp().certificate()),
                entity("https://other-idp.example/", "IDPSSODescriptor", other.certificate()));
        String path = file("federation.xml", metadata).toString();
        KeyConfigException refused = assertThrows(KeyConfigException.class, () -> KeySources.samlMetadata(path));
        assertEquals("--saml-metadata " + path + ": the metadata describes 2 identity providers (\"" + TestSaml.ISSUER
                + "\", \"https://other-idp.example/\"); the certificates of one IdP must not vouch for messages of "
                + "another, so give the metadata (the EntityDescriptor) of the one IdP whose messages are checked",
                refused.getMessage());
        assertThrows(KeyConfigException.class, () -> KeyMaterial.load(path));
    }

    @Test
    void certificatesHaveNoKidOfTheirOwn() throws Exception {
        // nimbus would name a certificate's key by its serial number, which keys inspect would show as a kid.
        KeySource source = KeySources.samlMetadata(file("idp.xml", TestSaml.metadata(idp().certificate())).toString());
        assertEquals(null, source.all().get(0).getKeyID());
        assertEquals(idp().certificate(), source.all().get(0).getParsedX509CertChain().get(0));
        KeyDescription described = KeyDescription.of(KeyMaterial.load(file("idp.pem", idp().pem()).toString()).keys().get(0),
                "idp.pem", NOW);
        assertEquals(null, described.keyId());
        assertEquals("certificate SHA-256 " + described.certificate().sha256Fingerprint().substring(0, 23) + "...",
                described.label());
    }
}
