package io.claimmap.engine.facts;

import java.util.List;

/** A Genesys Cloud External Contact from an export: its id, display name and externalIds. */
public record Contact(String id, String name, List<String> externalIds) {
    public Contact {
        externalIds = List.copyOf(externalIds);
    }

    /** {@code "Ada Lovelace (id 1f0c...)"}, for messages. */
    public String describe() {
        String label = name == null || name.isBlank() ? "unnamed contact" : name;
        return id == null || id.isBlank() ? label : label + " (id " + id + ")";
    }
}
