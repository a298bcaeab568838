package io.claimmap.engine.keys;

import io.claimmap.engine.result.Finding;

import java.util.Optional;

import static io.claimmap.engine.result.FindingCode.CERT_EXPIRED;
import static io.claimmap.engine.result.FindingCode.CERT_EXPIRING_SOON;

/** The one place that decides whether a certificate has expired or expires soon. */
public final class CertificateExpiry {
    public static final int DEFAULT_WARN_DAYS = 30;

    private CertificateExpiry() {
    }

    public static Optional<Finding> check(CertificateDescription certificate, String role, int warnDays, String rule) {
        if (certificate.expired()) {
            return Optional.of(CERT_EXPIRED.finding("the " + role + " has expired: " + certificate.summary()
                            + ", SHA-256 " + certificate.sha256Fingerprint(),
                    "Create a new signing certificate at the IdP, upload it to the Genesys Cloud single sign-on "
                            + "configuration, then activate it at the IdP.", rule));
        }
        if (certificate.daysLeft() <= warnDays) {
            return Optional.of(CERT_EXPIRING_SOON.finding("the " + role + " expires within " + warnDays + " days: "
                            + certificate.summary() + ", SHA-256 " + certificate.sha256Fingerprint(),
                    "Rotate before then: create the new certificate at the IdP, upload it to Genesys Cloud (which holds "
                            + "up to five per provider), and only then activate it at the IdP; the other way round, agent "
                            + "logins fail with invalid_grant.", rule));
        }
        return Optional.empty();
    }
}
