package io.claimmap.engine.result;

/** What the rules mapped this person to: the Genesys externalId and the quality-management fields. */
public record Mapping(String externalId, QmFields qm) {
    public static final Mapping EMPTY = new Mapping(null, QmFields.EMPTY);

    /** Agent name and department as quality-management forms will show them. */
    public record QmFields(String agentName, String department) {
        public static final QmFields EMPTY = new QmFields(null, null);
    }
}
