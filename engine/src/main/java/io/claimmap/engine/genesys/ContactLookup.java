package io.claimmap.engine.genesys;

/**
 * The External Contact an identifier lookup (type {@code ExternalId}) finds.
 *
 * @param status            found, not found, or unavailable
 * @param id                the contact's id when found, else null
 * @param name              the contact's first and last name when found (may be null)
 * @param unavailableReason why the org could not answer, when unavailable, else null
 */
public record ContactLookup(LookupStatus status, String id, String name, String unavailableReason) {
    public static ContactLookup found(String id, String name) {
        return new ContactLookup(LookupStatus.FOUND, id, name, null);
    }

    public static ContactLookup notFound() {
        return new ContactLookup(LookupStatus.NOT_FOUND, null, null, null);
    }

    public static ContactLookup unavailable(String reason) {
        return new ContactLookup(LookupStatus.UNAVAILABLE, null, null, reason);
    }
}
