package io.claimmap.engine.genesys;

/**
 * One Genesys Cloud organisation, reached with an OAuth client-credentials grant. Look-ups never throw: whatever
 * goes wrong (authentication, a missing permission, a rate limit, a timeout, an unreachable region) is a result with
 * status {@link LookupStatus#UNAVAILABLE} and a one-line reason that names the permission when one is missing, so
 * validation goes on. Implementations are thread-safe; {@link #close()} releases the HTTP client.
 */
public interface GenesysOrg extends AutoCloseable {
    /** The External Contact whose identifier of type {@code ExternalId} is exactly {@code externalId}. */
    ContactLookup findContact(String externalId);

    /** The Genesys user whose email or username is exactly {@code emailOrUsername} ({@code POST /api/v2/users/search}). */
    UserLookup findUser(String emailOrUsername);

    /**
     * The certificates Genesys Cloud holds for the SAML identity provider whose {@code issuerURI} equals
     * {@code issuerUri} (a metadata {@code entityID}).
     */
    ProviderCertificates identityProviderCertificates(String issuerUri);

    /** What the org is reached at, for messages: a region's API host or the base URL. Never a credential. */
    String describe();

    @Override
    void close();
}
