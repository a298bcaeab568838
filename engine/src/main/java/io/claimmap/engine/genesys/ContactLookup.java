package io.claimmap.engine.genesys;

/**
 * The External Contact an externalId finds.
 *
 * @param id                the contact's id, when found
 * @param name              its display name, when found
 * @param unavailableReason why the lookup could not be made, when {@code UNAVAILABLE}
 */
public record ContactLookup(LookupStatus status, String id, String name, String unavailableReason) {
    public static final ContactLookup NOT_FOUND = new ContactLookup(LookupStatus.NOT_FOUND, null, null, null);

    public static ContactLookup found(String id, String name) {
        return new ContactLookup(LookupStatus.FOUND, id, name, null);
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
        return java.util.Objects.equals(name, other.name);
    }
}
