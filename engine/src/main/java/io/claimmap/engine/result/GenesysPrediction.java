package io.claimmap.engine.result;

/**
 * What Genesys Cloud will do with this person. For Web Messaging, the value it looks External Contacts up by (the
 * literal {@code sub}) and what that finds: every contact finding is derived from this one prediction. For an agent
 * checked against the org ({@code --genesys}), the Genesys user the sign-in resolves to, whose profile QM reads.
 *
 * @param lookupValue the literal {@code sub}, byte for byte (purpose messaging), else null
 * @param contact     what the contact lookup finds (purpose messaging), else null
 * @param user        the Genesys user (purpose agent with {@code --genesys}), else null
 */
public record GenesysPrediction(String lookupValue, ContactPrediction contact, UserPrediction user) {
    public GenesysPrediction(String lookupValue, ContactPrediction contact) {
        this(lookupValue, contact, null);
    }

    /** An agent's prediction: the user only. */
    public static GenesysPrediction ofUser(UserPrediction user) {
        return new GenesysPrediction(null, null, user);
    }

    /** {@code found}, {@code not-found}, or {@code not-checked} when no directory was given or it did not answer. */
    public record ContactPrediction(String status, String id, String name) {
        public static final ContactPrediction NOT_CHECKED = new ContactPrediction("not-checked", null, null);
        public static final ContactPrediction NOT_FOUND = new ContactPrediction("not-found", null, null);

        public boolean found() {
            return status.equals("found");
        }
    }

    /**
     * The Genesys user with the agent's NameID / email: {@code found} (with the profile's id, name and department,
     * null where the profile has none), {@code not-found}, or {@code not-checked} when the org did not answer.
     */
    public record UserPrediction(String status, String id, String name, String department) {
        public static final UserPrediction NOT_CHECKED = new UserPrediction("not-checked", null, null, null);
        public static final UserPrediction NOT_FOUND = new UserPrediction("not-found", null, null, null);

        public boolean found() {
            return status.equals("found");
        }
    }
}
