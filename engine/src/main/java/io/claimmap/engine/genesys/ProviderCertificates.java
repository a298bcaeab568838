package io.claimmap.engine.genesys;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificates Genesys Cloud holds for one SAML identity provider, in the order the API lists them
 * ({@code certificate} first, then {@code certificates}, duplicates removed).
 *
 * @param status            found (a provider's issuerURI equals the one asked), not found (none does), or
 *                          unavailable
 * @param provider          the provider found, as {@code kind "name"} ({@code okta "Okta SSO"}; kind is the
 *                          API path segment), else null
 * @param certificates      the certificates held, when found
 * @param unreadable        one sentence per held value that is not a readable X.509 certificate
 * @param otherProviders    when not found, the SAML providers the org has, as {@code kind: issuerURI}, so a
 *                          near miss (a trailing slash, another app's entityID) shows
 * @param unavailableReason why the org could not answer, when unavailable, else null
 */
public record ProviderCertificates(LookupStatus status, String provider, List<X509Certificate> certificates,
                                   List<String> unreadable, List<String> otherProviders, String unavailableReason) {
    public ProviderCertificates {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        unreadable = unreadable == null ? List.of() : List.copyOf(unreadable);
        otherProviders = otherProviders == null ? List.of() : List.copyOf(otherProviders);
    }

    public static ProviderCertificates found(String provider, List<X509Certificate> certificates, List<String> unreadable) {
        return new ProviderCertificates(LookupStatus.FOUND, provider, certificates, unreadable, List.of(), null);
    }

    public static ProviderCertificates notFound(List<String> otherProviders) {
        return new ProviderCertificates(LookupStatus.NOT_FOUND, null, List.of(), List.of(), otherProviders, null);
    }

    public static ProviderCertificates unavailable(String reason) {
        return new ProviderCertificates(LookupStatus.UNAVAILABLE, null, List.of(), List.of(), List.of(), reason);
    }
}
