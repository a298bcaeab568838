package io.claimmap.engine;

import io.claimmap.engine.genesys.ContactDirectory;
import io.claimmap.engine.genesys.ContactLookup;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.Mapping;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SUB_IS_URL's message and remedy, word for word, in each of their six forms (mapped to the identity URL, to another
 * id, or not at all; contacts not checked, or checked and not found), against the reference texts below.
 */
class SubIsUrlTextTest {
    private static final String SUB = "https://login.salesforce.com/id/00D5g000004SxyzEAC/0055g00000ABcdeAAD";
    private static final String FAILURE = "the exchange is predicted to answer 401 \"Failed to identify user for token\"";

    private static String urlMessage(String subject, String mapped, boolean differs) {
        return "sub is a URL (\"" + subject + "\"). Genesys Cloud is predicted to look External Contacts up by the "
                + "literal sub, so only a contact whose externalId is exactly this URL will be found"
                + (differs ? " (not one keyed by the mapped externalId \"" + mapped + "\")" : "")
                + "; otherwise " + FAILURE + ".";
    }

    private static String remedy(String subject, String mapped, boolean differs, boolean suggestCheck) {
        String optionA = differs ? "send \"" + mapped + "\" as sub through a broker (an IdP in front of this one that "
                + "maps sub: option A)" : "send a stable, non-URL id as sub (through a broker if the IdP cannot: option A)";
        return "Either " + optionA + ", or store the literal sub \"" + subject + "\" as the contact's externalId (option B)."
                + (suggestCheck ? " Give --contacts (an export) or --genesys (the org) to check which contact exists." : "");
    }

    private static Finding subIsUrl(String mapped, ContactDirectory directory) {
        List<Finding> findings = new ArrayList<>();
        GenesysChecks.predict(SUB, new Mapping(mapped, new Mapping.QmFields(null, null)), Purpose.MESSAGING, directory,
                findings);
        return findings.stream().filter(f -> f.code().equals("SUB_IS_URL")).findFirst().orElseThrow();
    }

    @Test
    void readsAsTheReferenceTextsInEveryForm() {
        ContactDirectory none = ContactDirectory.NONE;
        ContactDirectory nobody = externalId -> ContactLookup.notFound();
        for (String mapped : new String[] {"0055g00000ABcdeAAD", SUB, null}) {
            boolean differs = mapped != null && !mapped.equals(SUB);
            Finding unchecked = subIsUrl(mapped, none);
            assertEquals(urlMessage(SUB, mapped, differs) + " Whether such a contact exists was not checked.",
                    unchecked.message(), mapped);
            assertEquals(remedy(SUB, mapped, differs, true), unchecked.remedy(), mapped);
            Finding notFound = subIsUrl(mapped, nobody);
            assertEquals(urlMessage(SUB, mapped, differs) + " No contact has it.", notFound.message(), mapped);
            assertEquals(remedy(SUB, mapped, differs, false), notFound.remedy(), mapped);
        }
    }
}
