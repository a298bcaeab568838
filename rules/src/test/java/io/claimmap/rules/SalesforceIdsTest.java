package io.claimmap.rules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SalesforceIdsTest {
    @Test
    void convertsFifteenCharacterIdsWithTheCaseChecksum() {
        assertEquals("001A0000006Vm9rIAC", SalesforceIds.to18("001A0000006Vm9r"));
        assertEquals("005000000000000AAA", SalesforceIds.to18("005000000000000"));
        assertEquals("005ABCDEABCDEABY55", SalesforceIds.to18("005ABCDEABCDEAB")); // chunks 005AB, CDEAB, CDEAB
    }

    @Test
    void leavesEighteenCharacterIdsAlone() {
        assertEquals("005Hs00000AbCdEIAZ", SalesforceIds.to18("005Hs00000AbCdEIAZ"));
    }

    @Test
    void recognisesIdentityUrlsOnLoginTestAndMyDomains() {
        assertTrue(SalesforceIds.isIdentityUrl("https://login.salesforce.com/id/00D5g000004Sxyz/0055g00000ABcde"));
        assertTrue(SalesforceIds.isIdentityUrl("https://test.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAB"));
        assertTrue(SalesforceIds.isIdentityUrl("https://acme.my.salesforce.com/id/00D5g000004Sxyz/0055g00000ABcde"));
        assertFalse(SalesforceIds.isIdentityUrl("https://login.salesforce.com.evil.example/id/00D5g000004Sxyz/0055g00000ABcde"));
        assertFalse(SalesforceIds.isIdentityUrl("https://login.salesforce.com/id/00D5g000004Sxyz/0055g00000ABcde/extra"));
        assertFalse(SalesforceIds.isIdentityUrl("auth0|12345"));
        assertNull(SalesforceIds.userId("https://example.com/id/x/y"));
    }

    @Test
    void extractsTheUserIdInItsEighteenCharacterForm() {
        assertEquals("0055g00000ABcdeAAD", SalesforceIds.userId("https://login.salesforce.com/id/00D5g000004Sxyz/0055g00000ABcde"));
        assertEquals("00D5g000004SxyzEAC", SalesforceIds.orgId("https://login.salesforce.com/id/00D5g000004Sxyz/0055g00000ABcde"));
    }

    /** The regular expression SalesforceIds matched with before its hand-written matcher: the oracle. */
    private static final Pattern REGEX = Pattern.compile(
            "https://(?:[A-Za-z0-9-]+\\.)*(?:salesforce|force)\\.com/id/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})");
    private static final String ORG = "00D5g000004Sxyz";
    private static final String USER = "0055g00000ABcde";

    @Test
    void acceptsWhatTheRegexAcceptsAtItsEdges() {
        List<String> accepted = List.of(
                "https://force.com/id/" + ORG + "/" + USER,
                "https://salesforce.com/id/" + ORG + "/" + USER,
                "https://a.force.com/id/" + ORG + "/" + USER,
                "https://-.salesforce.com/id/" + ORG + "/" + USER,
                "https://a-b.c--d.9.salesforce.com/id/" + ORG + "/" + USER,
                "https://salesforce.force.com/id/" + ORG + "/" + USER,
                "https://force.salesforce.com/id/" + ORG + "/" + USER,
                "https://login.salesforce.com/id/" + ORG + "EAC/" + USER,
                "https://login.salesforce.com/id/" + ORG + "/" + USER + "AAD",
                "https://login.salesforce.com/id/" + ORG + "EAC/" + USER + "AAD");
        List<String> refused = new ArrayList<>(List.of(
                "", "https://", "https:///id/" + ORG + "/" + USER,
                "http://login.salesforce.com/id/" + ORG + "/" + USER,
                "HTTPS://login.salesforce.com/id/" + ORG + "/" + USER,
                "https://login.Salesforce.com/id/" + ORG + "/" + USER,
                "https://login.salesforce.COM/id/" + ORG + "/" + USER,
                "https://login.salesforce.com/ID/" + ORG + "/" + USER,
                "https://.salesforce.com/id/" + ORG + "/" + USER,
                "https://a..salesforce.com/id/" + ORG + "/" + USER,
                "https://.force.com/id/" + ORG + "/" + USER,
                "https://xsalesforce.com/id/" + ORG + "/" + USER,
                "https://a.xforce.com/id/" + ORG + "/" + USER,
                "https://salesforce.com.com/id/" + ORG + "/" + USER,
                "https://salesforce.co/id/" + ORG + "/" + USER,
                "https://salesforce.comm/id/" + ORG + "/" + USER,
                "https://salesforcecom/id/" + ORG + "/" + USER,
                "https://com/id/" + ORG + "/" + USER,
                "https://.com/id/" + ORG + "/" + USER,
                "https://a_b.salesforce.com/id/" + ORG + "/" + USER,
                "https://a:b@login.salesforce.com/id/" + ORG + "/" + USER,
                "https://login.salesforce.com:443/id/" + ORG + "/" + USER,
                "https://login.salesforce.com./id/" + ORG + "/" + USER,
                "https://login.salesforce.com/id//" + USER,
                "https://login.salesforce.com/id/" + ORG,
                "https://login.salesforce.com/id/" + ORG + "/",
                "https://login.salesforce.com/id/" + ORG + "/" + USER + "/",
                "https://login.salesforce.com/id/" + ORG + "/" + USER + "A",
                "https://login.salesforce.com/id/" + ORG + "/" + USER + "AA",
                "https://login.salesforce.com/id/" + ORG + "/" + USER + "AADA",
                "https://login.salesforce.com/id/" + ORG.substring(1) + "/" + USER,
                "https://login.salesforce.com/id/" + ORG + "/" + USER.substring(1),
                "https://login.salesforce.com/id/" + ORG + "/" + USER.replace('c', '\u00e7'),
                "https://login.salesforce.com/id/" + ORG + "/" + USER.replace('c', '-'),
                "https://l\u00f6gin.salesforce.com/id/" + ORG + "/" + USER,
                "https://login.salesforce.com/id/" + ORG + "/" + USER + "\n",
                " https://login.salesforce.com/id/" + ORG + "/" + USER,
                "https://login.salesforce.com/id/" + ORG + "?/" + USER));
        for (String url : accepted) {
            assertTrue(REGEX.matcher(url).matches(), url); // the cases themselves are right
            assertSameAsRegex(url);
        }
        for (String url : refused) {
            assertFalse(REGEX.matcher(url).matches(), url);
            assertSameAsRegex(url);
        }
        assertFalse(SalesforceIds.isIdentityUrl(null));
        assertNull(SalesforceIds.userId(null));
        assertNull(SalesforceIds.orgId(null));
    }

    /** Strings made of the URL's own pieces, so that near misses of every kind come up; a fixed seed. */
    @Test
    void agreesWithTheRegexOnGeneratedNearMisses() {
        String[] pieces = {"https://", "http://", "login", "a", "-", ".", "..", "salesforce", "force", "sales", ".com",
                "com", "/id/", "/", "id", ORG, USER, ORG + "EAC", USER + "AAD", "A", "0", "_", ":", "\u00e9", "?"};
        Random random = new Random(14);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder url = new StringBuilder();
            if (random.nextInt(4) > 0) { // mostly the right shape, with one piece changed
                url.append("https://").append(random.nextBoolean() ? "login." : "").append(random.nextBoolean()
                        ? "salesforce" : "force").append(".com/id/").append(random.nextBoolean() ? ORG : ORG + "EAC")
                        .append('/').append(random.nextBoolean() ? USER : USER + "AAD");
                int at = random.nextInt(url.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> url.insert(at, pieces[random.nextInt(pieces.length)]);
                    case 1 -> url.delete(at, Math.min(url.length(), at + 1 + random.nextInt(3)));
                    default -> { }
                }
            } else {
                for (int n = random.nextInt(10); n >= 0; n--) {
                    url.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            accepted += assertSameAsRegex(url.toString()) ? 1 : 0;
        }
        assertTrue(accepted > 10_000 && accepted < 190_000, "both outcomes are exercised: " + accepted);
    }

    private static boolean assertSameAsRegex(String url) {
        Matcher m = REGEX.matcher(url);
        boolean matches = m.matches();
        if (SalesforceIds.isIdentityUrl(url) != matches) {
            fail("isIdentityUrl disagrees with the regex on " + url);
        }
        assertEquals(matches ? SalesforceIds.to18(m.group(2)) : null, SalesforceIds.userId(url), url);
        assertEquals(matches ? SalesforceIds.to18(m.group(1)) : null, SalesforceIds.orgId(url), url);
        return matches;
    }
}
