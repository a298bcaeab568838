package io.claimmap.rules;

/**
 * Salesforce identity URLs and record ids, for the salesforce pack. Salesforce sends {@code sub} as
 * {@code https://login.salesforce.com/id/<orgId>/<userId>}; the stable customer id is the user id in its
 * case-insensitive 18-character form.
 */
public final class SalesforceIds {
    /*
     * An identity URL is what this regular expression matches (whole string, ASCII only, case-sensitive):
     *   https://(?:[A-Za-z0-9-]+\.)*(?:salesforce|force)\.com/id/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})
     * It is matched by hand below: the regex cost about 1 µs per JWT validation, for every token, in the built-in
     * salesforce pack's condition and again in its consequence (docs/PERFORMANCE.md, issue 14). SalesforceIdsTest
     * checks the hand-written matcher against the regex.
     */
    private static final String SCHEME = "https://";
    private static final String ID_PATH = "/id/";
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {
    }

    /** True for {@code https://{login|test|<domain>}.salesforce.com/id/<orgId>/<userId>}. */
    public static boolean isIdentityUrl(String sub) {
        return userIdStart(sub) > 0;
    }

    /** The user id of an identity URL in its 18-character form, or null if {@code sub} is not one. */
    public static String userId(String sub) {
        int user = userIdStart(sub);
        return user > 0 ? to18(sub.substring(user)) : null;
    }

    /** The org id of an identity URL in its 18-character form, or null. */
    public static String orgId(String sub) {
        int user = userIdStart(sub);
        return user > 0 ? to18(sub.substring(sub.indexOf('/', SCHEME.length()) + ID_PATH.length(), user - 1)) : null;
    }

    /**
     * Where the user id of an identity URL starts, or -1 if {@code sub} is not one. The host has no '/', the ids have
     * none either, so the slashes cut the URL into host, "id", org id and user id without backtracking.
     */
    private static int userIdStart(String sub) {
        if (sub == null || !sub.startsWith(SCHEME)) {
            return -1;
        }
        int hostEnd = sub.indexOf('/', SCHEME.length());
        if (hostEnd < 0 || !isSalesforceHost(sub, SCHEME.length(), hostEnd) || !sub.startsWith(ID_PATH, hostEnd)) {
            return -1;
        }
        int org = hostEnd + ID_PATH.length();
        int slash = sub.indexOf('/', org);
        return slash >= 0 && isId(sub, org, slash) && isId(sub, slash + 1, sub.length()) ? slash + 1 : -1;
    }

    /** {@code (?:[A-Za-z0-9-]+\.)*(?:salesforce|force)\.com}: non-empty labels, the last two "salesforce" or "force", "com". */
    private static boolean isSalesforceHost(String s, int from, int to) {
        int lastDot = s.lastIndexOf('.', to - 1);
        if (lastDot < from || !s.startsWith("com", lastDot + 1) || to - lastDot - 1 != 3) {
            return false;
        }
        int domainDot = s.lastIndexOf('.', lastDot - 1);
        int domain = Math.max(domainDot, from - 1) + 1;
        if (!isLabel(s, domain, lastDot, "salesforce") && !isLabel(s, domain, lastDot, "force")) {
            return false;
        }
        int start = from;
        while (start < domain) { // the labels before it: domain > start means a '.' ends them
            int dot = s.indexOf('.', start);
            if (dot == start) { // an empty label
                return false;
            }
            for (int i = start; i < dot; i++) {
                char c = s.charAt(i);
                if (!isAlnum(c) && c != '-') {
                    return false;
                }
            }
            start = dot + 1;
        }
        return true;
    }

    private static boolean isLabel(String s, int from, int to, String label) {
        return to - from == label.length() && s.startsWith(label, from);
    }

    /** {@code [A-Za-z0-9]{15}|[A-Za-z0-9]{18}} */
    private static boolean isId(String s, int from, int to) {
        int length = to - from;
        if (length != 15 && length != 18) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isAlnum(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
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
