package io.claimmap.cli.audit;

import java.util.regex.Pattern;

/** What a {@code sub} looks like: the shapes that decide how Genesys Cloud's literal lookup goes. */
public enum SubShape {
    SALESFORCE_URL("Salesforce identity URL"),
    URL("other URL"),
    AUTH0_PIPE("Auth0 connection|id"),
    UUID("UUID"),
    EMAIL("email address"),
    OTHER("other"),
    MISSING("no sub");

    private static final Pattern SALESFORCE = Pattern.compile("^https://[^/?#]*\\.(salesforce|force)\\.com/id/.*");
    private static final Pattern ANY_URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern PIPE = Pattern.compile("^[A-Za-z0-9_-]+\\|.+");
    private static final Pattern UUID_SHAPE = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern EMAIL_SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final String label;

    SubShape(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Cheap tests first (this runs once per corpus entry), the patterns only to confirm. */
    public static SubShape of(String sub) {
        if (sub == null || sub.isBlank()) {
            return MISSING;
        }
        if (sub.indexOf("://") > 0) {
            if (sub.startsWith("https://") && sub.contains("force.com/id/") && SALESFORCE.matcher(sub).matches()) {
                return SALESFORCE_URL;
            }
            if (ANY_URL.matcher(sub).matches()) {
                return URL;
            }
        }
        if (sub.indexOf('|') > 0 && PIPE.matcher(sub).matches()) {
            return AUTH0_PIPE;
        }
        if (sub.length() == 36 && sub.charAt(8) == '-' && UUID_SHAPE.matcher(sub).matches()) {
            return UUID;
        }
        if (sub.indexOf('@') > 0 && EMAIL_SHAPE.matcher(sub).matches()) {
            return EMAIL;
        }
        return OTHER;
    }

}
