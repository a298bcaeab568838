package io.claimmap.engine.genesys;

import io.claimmap.engine.facts.Contact;
import io.claimmap.engine.facts.Contacts;

/**
 * Where External Contacts are looked up by externalId: an export given with {@code --contacts}, or the org itself
 * ({@code --genesys}). Implementations are thread-safe.
 */
public interface ContactDirectory {
    /** No directory: nothing can be predicted about contacts. */
    ContactDirectory NONE = externalId -> null;

    /** The contact with this exact externalId; null when no directory is configured. */
    ContactLookup find(String externalId);

    /** The org's External Contacts: an unavailable answer is kept, with its reason, for {@code GENESYS_UNAVAILABLE}. */
    static ContactDirectory of(GenesysOrg org) {
        return org::findContact;
    }

    /** An export's contacts, or {@link #NONE} when none was loaded. */
    static ContactDirectory of(Contacts contacts) {
        if (!contacts.isLoaded()) {
            return NONE;
        }
        return externalId -> {
            Contact contact = contacts.find(externalId);
            return contact == null ? ContactLookup.NOT_FOUND : ContactLookup.found(contact.id(), contact.name());
        };
    }
}
