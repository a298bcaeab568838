package io.claimmap.rules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
