package io.claimmap.engine.result;

/**
 * What Genesys Cloud will do with this person: for Web Messaging, the value it looks External Contacts up by (the
 * literal {@code sub}) and what that finds. Every contact finding is derived from this one prediction.
 *
 * @param lookupValue the literal {@code sub}, byte for byte
 * @param contact     what the lookup finds
 */
public record GenesysPrediction(String lookupValue, ContactPrediction contact) {
    /** {@code found}, {@code not-found}, or {@code not-checked} when no directory was given or it did not answer. */
    public record ContactPrediction(String status, String id, String name) {
        public static final ContactPrediction NOT_CHECKED = new ContactPrediction("not-checked", null, null);
        public static final ContactPrediction NOT_FOUND = new ContactPrediction("not-found", null, null);

        public boolean found() {
            return status.equals("found");
        }
    }
}
