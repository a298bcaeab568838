package io.claimmap.engine.genesys;

import java.util.Objects;

/**
 * The External Contact an identifier lookup (type {@code ExternalId}) finds, in the org or in an export.
 *
 * @param status            found, not found, or unavailable
 * @param id                the contact's id when found, else null
 * @param name              the contact's first and last name when found (may be null)
 * @param unavailableReason why the org could not answer, when unavailable, else null
 */
public record ContactLookup(LookupStatus status, String id, String name, String unavailableReason) {
    public static final ContactLookup NOT_FOUND = new ContactLookup(LookupStatus.NOT_FOUND, null, null, null);

    public static ContactLookup found(String id, String name) {
        return new ContactLookup(LookupStatus.FOUND, id, name, null);
    }

    public static ContactLookup notFound() {
        return NOT_FOUND;
    }

    public static ContactLookup unavailable(String reason) {
        return new ContactLookup(LookupStatus.UNAVAILABLE, null, null, reason);
    }

    public boolean found() {
        return status == LookupStatus.FOUND;
    }

    /** {@code "Ada Lovelace (id 1f0c...)"}, for messages. */
    public String describe() {
        String label = name == null || name.isBlank() ? "unnamed contact" : name;
        return id == null || id.isBlank() ? label : label + " (id " + id + ")";
    }

    /** The same contact: by id when both have one, else by name. */
    public boolean sameContact(ContactLookup other) {
        if (id != null && other.id != null) {
            return id.equals(other.id);
        }
        return Objects.equals(name, other.name);
    }
}
