package io.claimmap.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce identity URLs and record ids, for the salesforce pack. Salesforce sends {@code sub} as
 * {@code https://login.salesforce.com/id/<orgId>/<userId>}; the stable customer id is the user id in its
 * case-insensitive 18-character form.
 */
public final class SalesforceIds {
    private static final Pattern IDENTITY_URL = Pattern.compile(
            "https://(?:[A-Za-z0-9-]+\\.)*(?:salesforce|force)\\.com/id/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})");
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {
    }

    /** True for {@code https://{login|test|<domain>}.salesforce.com/id/<orgId>/<userId>}. */
    public static boolean isIdentityUrl(String sub) {
        return sub != null && IDENTITY_URL.matcher(sub).matches();
    }

    /** The user id of an identity URL in its 18-character form, or null if {@code sub} is not one. */
    public static String userId(String sub) {
        Matcher m = sub == null ? null : IDENTITY_URL.matcher(sub);
        return m != null && m.matches() ? to18(m.group(2)) : null;
    }

    /** The org id of an identity URL in its 18-character form, or null. */
    public static String orgId(String sub) {
        Matcher m = sub == null ? null : IDENTITY_URL.matcher(sub);
        return m != null && m.matches() ? to18(m.group(1)) : null;
    }

    /**
     * Converts a 15-character, case-sensitive Salesforce id to the 18-character form: each 5-character chunk gives
     * one suffix character whose bits mark the chunk's upper-case letters. 18-character ids are returned unchanged.
     */
    public static String to18(String id) {
        if (id.length() != 15) {
            return id;
        }
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return id + suffix;
    }
}
