package io.claimmap.engine.result;

/**
 * The Genesys prediction in words, one place for the CLI's text report and the playground: what was found, and why
 * nothing was when nothing was checked. Values are the org's and the token's: callers escape what they print.
 */
public final class PredictionText {
    private PredictionText() {
    }

    /**
     * @param toPredict what the user can do when no directory was given ("give --contacts or --genesys to predict it")
     */
    public static String contact(ValidationResult result, String toPredict) {
        GenesysPrediction.ContactPrediction contact = result.genesys().contact();
        return switch (contact.status()) {
            case "found" -> "found: " + (contact.name() == null ? "unnamed contact" : contact.name())
                    + (contact.id() == null ? "" : " (id " + contact.id() + ")");
            case "not-found" -> "not found: the exchange is predicted to fail with 401";
            default -> result.hasFinding(FindingCode.GENESYS_UNAVAILABLE.name()) ? "not checked (Genesys Cloud did not answer)"
                    : result.unverified() ? "not checked (the input is not verified: nothing is looked up for it)"
                    : "not checked (" + toPredict + ")";
        };
    }

    public static String user(GenesysPrediction.UserPrediction user) {
        return switch (user.status()) {
            case "found" -> "found" + (user.id() == null ? "" : " (id " + user.id() + ")") + ": QM reads this profile";
            case "not-found" -> "not found: the sign-in is predicted to be refused";
            default -> "not checked (Genesys Cloud did not answer)";
        };
    }
}
