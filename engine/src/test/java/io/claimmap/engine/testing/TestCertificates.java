package io.claimmap.engine.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.claimmap.engine.keys.KeySource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-signed X.509 certificates for SAML tests, built from BouncyCastle's ASN.1 classes (bcprov, already an engine
 * dependency) and signed with the JDK: the JDK has no public certificate-building API, and bcpkix is not needed.
 */
public final class TestCertificates {
    /** A key pair and its self-signed certificate: what an IdP signs SAML messages with. */
    public record Credential(KeyPair keys, X509Certificate certificate) {
        public String pem() {
            try {
                return "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() {
    }

    private record Request(String commonName, Instant notBefore, Instant notAfter) {
    }

    /** Made once per JVM and request, each with a key of its own from {@link TestKeys}' pool. */
    private static final Map<Request, Credential> MADE = new ConcurrentHashMap<>();

    /**
     * A self-signed certificate and its RSA 2048 key. The same arguments give the same credential (the same
     * certificate); any other arguments give another key, so two certificates a test tells apart never share one.
     */
    public static Credential rsa(String commonName, Instant notBefore, Instant notAfter) {
        return MADE.computeIfAbsent(new Request(commonName, notBefore, notAfter), TestCertificates::make);
    }

    private static Credential make(Request request) {
        String commonName = request.commonName();
        Instant notBefore = request.notBefore();
        Instant notAfter = request.notAfter();
        try {
            KeyPair keys = TestKeys.rsa2048();
            return new Credential(keys, selfSigned(keys, "CN=" + commonName + ", O=Test IdP", notBefore, notAfter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate selfSigned(KeyPair keys, String subject, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        AlgorithmIdentifier sha256WithRsa = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        X500Name name = new X500Name(subject);
        V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
        generator.setSerialNumber(new ASN1Integer(BigInteger.valueOf(notBefore.getEpochSecond())));
        generator.setSignature(sha256WithRsa);
        generator.setIssuer(name);
        generator.setSubject(name);
        generator.setStartDate(new Time(Date.from(notBefore), Locale.ROOT));
        generator.setEndDate(new Time(Date.from(notAfter), Locale.ROOT));
        generator.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        TBSCertificate tbs = generator.generateTBSCertificate();
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs.getEncoded(ASN1Encoding.DER));
            byte[] der = new DERSequence(new ASN1Encodable[]{tbs, sha256WithRsa, new DERBitString(signer.sign())})
                    .getEncoded(ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A key source trusting these certificates, as --saml-metadata or --key would. */
    public static KeySource trusting(X509Certificate... certificates) {
        List<JWK> keys = new ArrayList<>();
        try {
            for (X509Certificate certificate : certificates) {
                keys.add(JWK.parse(certificate));
            }
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        return new KeySource("saml-metadata test", new ImmutableJWKSet<>(new JWKSet(keys)), false, null);
    }
}
