package io.claimmap.engine.facts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The External Contacts directory loaded with {@code --contacts}, global {@code contacts} in rules. Empty (and
 * {@link #isLoaded()} false) when no export was given. Immutable and safe to share across threads.
 */
public final class Contacts {
    public static final Contacts NONE = new Contacts(List.of(), false);

    private final Map<String, Contact> byExternalId = new HashMap<>();
    private final boolean loaded;
    private final int size;

    private Contacts(List<Contact> contacts, boolean loaded) {
        for (Contact contact : contacts) {
            for (String externalId : contact.externalIds()) {
                byExternalId.putIfAbsent(externalId, contact);
            }
        }
        this.loaded = loaded;
        this.size = contacts.size();
    }

    public static Contacts of(List<Contact> contacts) {
        return new Contacts(contacts, true);
    }

    public boolean isLoaded() {
        return loaded;
    }

    public int size() {
        return size;
    }

    /** The contact with this exact externalId, or null. */
    public Contact find(String externalId) {
        return externalId == null ? null : byExternalId.get(externalId);
    }
}
