package io.claimmap.engine.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/** What a person needs to know of a certificate: who, how long, and its SHA-256 fingerprint (as Genesys shows it). */
public record CertificateDescription(String subject, String issuer, Instant notBefore, Instant notAfter,
                                     String sha256Fingerprint, long daysLeft) {

    public static CertificateDescription of(X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return new CertificateDescription(certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), certificate.getNotBefore().toInstant(), notAfter,
                fingerprint(certificate), Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400));
    }

    /** SHA-256 of the DER encoding, upper-case hex pairs joined with colons (as openssl and IdP consoles show it). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            return "(unencodable certificate)";
        }
    }

    /** SHA-256 of any DER structure (a certificate, a public key) in the same form. */
    public static String sha256(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public boolean expired() {
        return daysLeft < 0;
    }

    /** "CN=Okta, valid 2026-01-01 to 2027-01-01 (41 days left)". */
    public String summary() {
        String left = daysLeft < 0 ? "expired " + -daysLeft + " days ago" : daysLeft + " days left";
        return subject + ", valid " + day(notBefore) + " to " + day(notAfter) + " (" + left + ")";
    }

    private static String day(Instant instant) {
        return instant.toString().substring(0, 10).toLowerCase(Locale.ROOT);
    }
}
