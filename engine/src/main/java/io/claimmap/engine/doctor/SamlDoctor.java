package io.claimmap.engine.doctor;

import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.genesys.GenesysOrg;
import io.claimmap.engine.genesys.ProviderCertificates;
import io.claimmap.engine.keys.CertificateDescription;
import io.claimmap.engine.keys.CertificateExpiry;
import io.claimmap.engine.keys.KeyConfigException;
import io.claimmap.engine.keys.KeyMaterial;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.claimmap.engine.result.FindingCode.CERT_NOT_CONFIGURED;
import static io.claimmap.engine.result.FindingCode.CERT_SLOTS_EXCEEDED;
import static io.claimmap.engine.result.FindingCode.CERT_SLOTS_FULL;
import static io.claimmap.engine.result.FindingCode.GENESYS_PROVIDER_NOT_FOUND;
import static io.claimmap.engine.result.FindingCode.GENESYS_UNAVAILABLE;
import static io.claimmap.engine.result.FindingCode.KEY_UNUSABLE;
import static io.claimmap.engine.result.FindingCode.KEYS_UNAVAILABLE;
import static io.claimmap.engine.result.FindingCode.SIGNING_KEYS_MISSING;

/**
 * SAML rotation readiness: does Genesys Cloud hold every signing certificate the IdP publishes, before the IdP
 * signs with it? Genesys Cloud holds up to five certificates per provider, so a rotation done in the right order
 * (upload, then activate) causes no outage.
 */
public final class SamlDoctor {
    static final String RULE = "doctor: saml";
    public static final int GENESYS_CERTIFICATE_SLOTS = 5;

    private SamlDoctor() {
    }

    /** @param configured the certificates uploaded to Genesys Cloud, each a loaded PEM source */
    public static DoctorReport check(KeyMaterial.Loaded metadata, List<KeyMaterial.Loaded> configured, Instant now, int warnDays) {
        DoctorReport.Builder report = new DoctorReport.Builder();
        if (metadata.unavailable() != null) {
            return report.problem("IdP metadata", KEYS_UNAVAILABLE.finding(metadata.source() + " " + metadata.unavailable(),
                    "Check that the metadata URL is reachable from here.", RULE)).build();
        }
        Map<String, CertificateDescription> published = certificates(List.of(metadata), now);
        Map<String, CertificateDescription> held = certificates(configured, now);
        if (published.isEmpty()) {
            return report.problem("IdP signing certificates", SIGNING_KEYS_MISSING.finding(metadata.source()
                            + " publishes no signing certificate (KeyDescriptor use=\"signing\" or without use)",
                    "Download the metadata of the SAML app itself, not of the organisation.", RULE)).build();
        }
        report.pass("IdP signing certificates", published.size() + " published in " + metadata.source());
        compare(report, published, held, warnDays);
        return report.build();
    }

    /**
     * The same readiness, asking Genesys Cloud what it holds: the SAML provider whose issuer URI equals the
     * metadata's {@code entityID}, its {@code certificate} and {@code certificates}, compared by SHA-256 fingerprint,
     * with the order to rotate in. Replaces the {@code --configured-cert} files; if the org cannot answer, the
     * report says so ({@code GENESYS_UNAVAILABLE}) rather than guess.
     */
    public static DoctorReport check(KeyMaterial.Loaded metadata, GenesysOrg genesys, Instant now, int warnDays) {
        DoctorReport.Builder report = new DoctorReport.Builder();
        if (metadata.unavailable() != null) {
            return report.problem("IdP metadata", KEYS_UNAVAILABLE.finding(metadata.source() + " " + metadata.unavailable(),
                    "Check that the metadata URL is reachable from here.", RULE)).build();
        }
        Map<String, CertificateDescription> published = certificates(List.of(metadata), now);
        if (published.isEmpty() || metadata.entityId() == null) {
            return report.problem("IdP signing certificates", SIGNING_KEYS_MISSING.finding(metadata.source()
                            + (published.isEmpty() ? " publishes no signing certificate (KeyDescriptor use=\"signing\" or without use)"
                            : " is not SAML metadata with an entityID, which Genesys Cloud's provider is found by"),
                    "Download the metadata of the SAML app itself, not of the organisation.", RULE)).build();
        }
        report.pass("IdP signing certificates", published.size() + " published in " + metadata.source());
        ProviderCertificates held = genesys.identityProviderCertificates(metadata.entityId());
        switch (held.status()) {
            case UNAVAILABLE -> {
                return report.problem("Genesys Cloud provider", GENESYS_UNAVAILABLE.finding(genesys.describe() + ": "
                                + held.unavailableReason() + "; the certificates Genesys Cloud holds were not checked",
                        "See docs/GENESYS.md: an OAuth client (client credentials) whose role has sso:provider:view.", RULE))
                        .build();
            }
            case NOT_FOUND -> {
                return report.problem("Genesys Cloud provider", GENESYS_PROVIDER_NOT_FOUND.finding("no SAML identity "
                                + "provider of " + genesys.describe() + " has the issuer URI \"" + metadata.entityId()
                                + "\" (the metadata's entityID); "
                                + (held.otherProviders().isEmpty() ? "the org has none configured"
                                : "it has " + String.join(", ", held.otherProviders())),
                        "Set the provider's Issuer URI in Genesys Cloud (Admin > Single Sign-on) to the metadata's "
                                + "entityID, exactly, or check the metadata is that of the app Genesys Cloud uses.", RULE))
                        .build();
            }
            case FOUND -> report.pass("Genesys Cloud provider", held.provider() + " at " + genesys.describe()
                    + ": issuer URI equals the entityID");
        }
        held.unreadable().forEach(problem -> report.problem("held by Genesys Cloud", KEY_UNUSABLE.finding(problem,
                "Replace it with the certificate's PEM in the provider's configuration.", RULE)));
        Map<String, CertificateDescription> holding = new LinkedHashMap<>();
        for (X509Certificate certificate : held.certificates()) {
            CertificateDescription description = CertificateDescription.of(certificate, now);
            holding.putIfAbsent(description.sha256Fingerprint(), description);
        }
        compare(report, published, holding, warnDays);
        report.pass("rotation order", rotationOrder(published, holding));
        return report.build();
    }

    /**
     * The steps, in order, that keep every login working: upload first, activate at the IdP, then retire what the
     * IdP no longer publishes; retiring comes first when the uploads would not fit in the five slots.
     */
    static String rotationOrder(Map<String, CertificateDescription> published, Map<String, CertificateDescription> held) {
        List<String> uploads = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        published.forEach((fingerprint, certificate) -> {
            if (!held.containsKey(fingerprint)) {
                uploads.add(certificate.subject() + " (SHA-256 " + shortFingerprint(fingerprint) + ")");
            }
        });
        held.forEach((fingerprint, certificate) -> {
            if (!published.containsKey(fingerprint)) {
                removals.add(certificate.subject() + " (SHA-256 " + shortFingerprint(fingerprint) + ")");
            }
        });
        if (uploads.isEmpty() && removals.isEmpty()) {
            return "nothing to do: Genesys Cloud holds exactly the certificates the IdP publishes";
        }
        List<String> steps = new ArrayList<>();
        boolean freeFirst = held.size() + uploads.size() > GENESYS_CERTIFICATE_SLOTS;
        if (freeFirst) {
            removals.forEach(r -> steps.add("remove " + r + " from Genesys Cloud to free a slot: the IdP no longer publishes it"));
        }
        int slots = held.size() - (freeFirst ? removals.size() : 0);
        for (String upload : uploads) {
            slots++;
            steps.add("upload " + upload + " to Genesys Cloud (" + slots + " of " + GENESYS_CERTIFICATE_SLOTS + " slots"
                    + (slots > GENESYS_CERTIFICATE_SLOTS ? ": one too many, remove a certificate the IdP no longer signs with" : "")
                    + ")");
        }
        if (!uploads.isEmpty()) {
            steps.add("only then activate it at the IdP");
        }
        if (!freeFirst) {
            removals.forEach(r -> steps.add("remove " + r + " from Genesys Cloud: the IdP no longer publishes it"));
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            order.append(i == 0 ? "" : "; ").append(i + 1).append(". ").append(steps.get(i));
        }
        return order.toString();
    }

    private static String shortFingerprint(String fingerprint) {
        return fingerprint.length() > 23 ? fingerprint.substring(0, 23) + "…" : fingerprint;
    }

    private static void compare(DoctorReport.Builder report, Map<String, CertificateDescription> published,
                                Map<String, CertificateDescription> held, int warnDays) {
        for (Map.Entry<String, CertificateDescription> entry : published.entrySet()) {
            CertificateDescription certificate = entry.getValue();
            if (held.containsKey(entry.getKey())) {
                report.pass("held by Genesys Cloud", certificate.subject() + ", SHA-256 " + entry.getKey());
            } else {
                report.problem("held by Genesys Cloud", CERT_NOT_CONFIGURED.finding("the IdP publishes a signing "
                                + "certificate that Genesys Cloud does not hold: " + certificate.summary() + ", SHA-256 "
                                + entry.getKey() + ". Once the IdP signs with it, agent logins fail with invalid_grant.",
                        "Upload this certificate to the Genesys Cloud single sign-on configuration of the provider "
                                + "before activating it at the IdP.", RULE));
            }
        }
        for (Map.Entry<String, CertificateDescription> entry : held.entrySet()) {
            String where = published.containsKey(entry.getKey()) ? "certificate held by Genesys Cloud and published by the IdP"
                    : "certificate held by Genesys Cloud (no longer published by the IdP)";
            CertificateExpiry.check(entry.getValue(), where, warnDays, RULE)
                    .ifPresent(finding -> report.problem("certificate expiry", finding));
        }
        for (Map.Entry<String, CertificateDescription> entry : published.entrySet()) {
            if (!held.containsKey(entry.getKey())) { // the IdP may sign with it: its expiry matters as much
                CertificateExpiry.check(entry.getValue(), "certificate published by the IdP (not held by Genesys Cloud)",
                        warnDays, RULE).ifPresent(finding -> report.problem("certificate expiry", finding));
            }
        }
        int slots = held.size();
        if (slots > GENESYS_CERTIFICATE_SLOTS) {
            report.problem("certificate slots", CERT_SLOTS_EXCEEDED.finding(slots + " certificates configured; Genesys "
                            + "Cloud holds at most " + GENESYS_CERTIFICATE_SLOTS + " per provider",
                    "Remove certificates the IdP no longer signs with.", RULE));
        } else if (slots == GENESYS_CERTIFICATE_SLOTS) {
            report.problem("certificate slots", CERT_SLOTS_FULL.finding("all " + GENESYS_CERTIFICATE_SLOTS
                            + " certificate slots are used, so the next rotation has no room",
                    "Remove an expired or retired certificate before the next rotation.", RULE));
        } else {
            report.pass("certificate slots", slots + " of " + GENESYS_CERTIFICATE_SLOTS + " used");
        }
    }

    /** Loads the configured certificates, one PEM file each. */
    public static List<KeyMaterial.Loaded> loadConfigured(List<String> pemFiles) throws KeyConfigException {
        List<KeyMaterial.Loaded> loaded = new ArrayList<>();
        for (String file : pemFiles) {
            KeyMaterial.Loaded pem;
            try {
                pem = KeyMaterial.load(file);
            } catch (KeyConfigException e) {
                throw new KeyConfigException("--configured-cert " + e.getMessage());
            }
            // Genesys Cloud holds certificates; a bare public key would silently count for nothing.
            if (pem.keys().stream().anyMatch(key -> key.getParsedX509CertChain() == null || key.getParsedX509CertChain().isEmpty())) {
                throw new KeyConfigException("--configured-cert " + file + ": holds a public key, not a certificate; "
                        + "give the certificate (-----BEGIN CERTIFICATE-----) uploaded to Genesys Cloud");
            }
            loaded.add(pem);
        }
        return loaded;
    }

    private static Map<String, CertificateDescription> certificates(List<KeyMaterial.Loaded> sources, Instant now) {
        Map<String, CertificateDescription> certificates = new LinkedHashMap<>();
        for (KeyMaterial.Loaded source : sources) {
            for (JWK key : source.keys()) {
                List<X509Certificate> chain = key.getParsedX509CertChain();
                if (chain != null && !chain.isEmpty()) {
                    CertificateDescription description = CertificateDescription.of(chain.get(0), now);
                    certificates.putIfAbsent(description.sha256Fingerprint(), description);
                }
            }
        }
        return certificates;
    }
}
